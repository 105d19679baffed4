import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { getPublicAsset, PublicCallError, type PublicAsset } from '../public-client';
import { newKey, reportProblem, uploadPhoto, type Reported } from './customer-client';
import { customerText } from './customer-text';
import { PhotoPicker } from './photo-picker';
import './customer.css';

/**
 * /h5/report: a customer reports a problem — the product from its QR code (/h5/report?qr=<token>,
 * linked from the product page) or by its serial number — then its photos go up with the upload
 * token the answer carries.
 */
export function ReportPage() {
  const { lang } = useI18n();
  const c = customerText(lang);
  const qrToken = useMemo(() => new URLSearchParams(window.location.search).get('qr') ?? '', []);
  const [product, setProduct] = useState<PublicAsset | null>(null);
  const [serialNo, setSerialNo] = useState('');
  const [phone, setPhone] = useState('');
  const [description, setDescription] = useState('');
  const [contactName, setContactName] = useState('');
  const [address, setAddress] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ reported: Reported; uploaded: number; failed: number } | null>(null);
  // One key per filled-in form: a retry after a lost answer gets the same ticket back.
  const [key] = useState(newKey);

  useEffect(() => {
    if (qrToken) getPublicAsset(qrToken).then(setProduct, () => setProduct(null));
  }, [qrToken]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(c('submitting'));
    try {
      const reported = await reportProblem(
        {
          ...(qrToken ? { qrToken } : { serialNo: serialNo.trim() }),
          phone: phone.trim(),
          description: description.trim(),
          ...(contactName.trim() ? { contactName: contactName.trim() } : {}),
          ...(address.trim() ? { address: address.trim() } : {}),
        },
        key,
      );
      let uploaded = 0;
      let failed = 0;
      for (const [i, file] of photos.entries()) {
        setBusy(c('uploading', { n: i + 1, total: photos.length }));
        await uploadPhoto(reported.number, reported.upload.token, file, `${key}-photo-${i}`).then(
          () => uploaded++,
          () => failed++,
        );
      }
      setDone({ reported, uploaded, failed });
    } catch (err) {
      const status = err instanceof PublicCallError ? err.status : 0;
      const fields = err instanceof PublicCallError ? err.fields : [];
      setError(
        status === 404
          ? c('noMatch')
          : status === 429
            ? c('tooMany')
            : status === 422
              ? c('fieldError', { fields: fields.map((f) => fieldLabel(f)).join('、') })
              : c('networkError'),
      );
    } finally {
      setBusy(null);
    }
  }

  const fieldLabel = (field: string) =>
    field === 'phone'
      ? c('phone')
      : field === 'description'
        ? c('description')
        : field === 'serialNo'
          ? c('serial')
          : field === 'address'
            ? c('address')
            : field === 'contactName'
              ? c('contactName')
              : field;

  if (done) {
    const { reported } = done;
    return (
      <section className="h5-card" aria-live="polite">
        <h1>{c('reported')}</h1>
        <dl>
          <dt>{c('yourNumber')}</dt>
          <dd>
            <strong data-testid="reported-number">{reported.number}</strong>
          </dd>
        </dl>
        <p>{lang === 'en' ? reported.verification.hintEn : reported.verification.hint}</p>
        {done.uploaded ? <p>{c('photosUploaded', { n: done.uploaded })}</p> : null}
        {done.failed ? <p className="h5-error">{c('photoFailed')}</p> : null}
        <a className="h5-button" href={`/h5/track?number=${encodeURIComponent(reported.number)}`}>
          {c('trackIt')}
        </a>
      </section>
    );
  }

  return (
    <form className="h5-card h5-form" onSubmit={submit} noValidate>
      <h1>{c('reportTitle')}</h1>
      <p>{c('reportIntro')}</p>
      {qrToken ? (
        <dl>
          <dt>{c('product')}</dt>
          <dd>{product ? `${product.name ?? product.model} · ${product.serialNo ?? ''}` : '…'}</dd>
        </dl>
      ) : (
        <label>
          {c('serial')}
          <input value={serialNo} onChange={(e) => setSerialNo(e.target.value)} autoCapitalize="characters" required />
          <small>{c('serialHint')}</small>
        </label>
      )}
      <label>
        {c('phone')}
        <input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" autoComplete="tel" required />
        <small>{c('phoneHint')}</small>
      </label>
      <label>
        {c('description')}
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder={c('descriptionHint')}
          rows={4}
          required
        />
      </label>
      <label>
        {c('contactName')}
        <input value={contactName} onChange={(e) => setContactName(e.target.value)} autoComplete="name" />
      </label>
      <label>
        {c('address')}
        <input value={address} onChange={(e) => setAddress(e.target.value)} autoComplete="street-address" />
      </label>
      <PhotoPicker label={c('photos')} files={photos} onChange={setPhotos} />
      {error ? (
        <p className="h5-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy !== null}>
        {busy ?? c('submit')}
      </button>
    </form>
  );
}
