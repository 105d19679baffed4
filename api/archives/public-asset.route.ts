import type { ApiContext } from '../context';
import { chinaDate, publicAssetView } from '../../domain/archives/asset-public-view';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { QR_TOKEN_PATTERN } from './archive-ids';
import { findAssetByQrToken } from './archive-queries';

export const publicAssetRoute = (ctx: ApiContext, now: () => Date = () => new Date()) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/public/assets/:qrToken',
    permission: 'public',
    summary:
      'What a customer sees after scanning an asset’s QR code: model, name, masked serial, warranty status, site city, and the ticket fields to prefill. No owner, no contacts, no other assets.',
    async handler({ req }) {
      // Checked by hand: a malformed token is as unknown as a wrong one (404), never a validation message.
      const token = String(req.params.qrToken ?? '');
      const asset = QR_TOKEN_PATTERN.test(token) ? await findAssetByQrToken(ctx.dataSource, token) : null;
      if (!asset) throw HttpProblem.notFound('no product with this code');
      return { headers: { 'Cache-Control': 'no-store' }, body: publicAssetView(asset, chinaDate(now()), token) };
    },
  });
