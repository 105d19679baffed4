import QRCode from 'qrcode';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { archiveIdParams } from './archive-http';
import { ARCHIVES } from './archive-kinds';
import { loadRecord } from './archive-queries';

/** Where the customer's phone goes after scanning: the public H5 page of the asset. */
export function assetH5Url(base: string, qrToken: string): string {
  return `${base.replace(/\/+$/, '')}/h5/assets/${qrToken}`;
}

export const assetQrRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/assets/:id/qr.svg',
    permission: 'archives:read',
    summary:
      'The asset’s QR code as SVG, for its label. It opens <FIXFLOW_PUBLIC_URL or this server>/h5/assets/<token>; the token reveals nothing and is not the asset id.',
    params: archiveIdParams,
    async handler({ req, res, params }) {
      const asset = await loadRecord(ctx.dataSource, ARCHIVES.assets, params.id);
      if (!asset) throw HttpProblem.notFound(`asset ${params.id} does not exist`);
      const url = assetH5Url(ctx.config.publicUrl ?? `${req.protocol}://${req.get('host')}`, String(asset.qrToken));
      // M (15 % recovery) survives a scuffed sticker and keeps the code small enough to print at 2 cm.
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      res.status(200).type('image/svg+xml').set('Cache-Control', 'private, max-age=3600').set('X-Fixflow-QR-Url', url).send(svg);
      return { body: undefined };
    },
  });
