import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useT } from './engineer-i18n';

/**
 * The customer signs with a finger (or pen, or mouse) on a canvas: pointer events, so every input
 * kind draws the same way; the canvas is sized to its CSS box × devicePixelRatio for sharp lines.
 */
export function SignaturePad({ onSigned, busy }: { onSigned: (png: Blob) => void; busy: boolean }) {
  const { t } = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [inked, setInked] = useState(false);
  const [error, setError] = useState(false);

  useEffect(() => {
    const c = canvas.current!;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(c.clientWidth * ratio);
    c.height = Math.round(c.clientHeight * ratio);
    const g = c.getContext('2d')!;
    g.scale(ratio, ratio);
    g.lineWidth = 2.5;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.strokeStyle = '#111';
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const g = e.currentTarget.getContext('2d')!;
    const [x, y] = point(e);
    g.beginPath();
    g.moveTo(x, y);
    g.lineTo(x + 0.1, y + 0.1);
    g.stroke();
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const g = e.currentTarget.getContext('2d')!;
    const [x, y] = point(e);
    g.lineTo(x, y);
    g.stroke();
    if (!inked) setInked(true);
    setError(false);
  };
  const up = () => {
    drawing.current = false;
  };
  const clear = () => {
    const c = canvas.current!;
    c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    setInked(false);
  };
  const confirm = () => {
    if (!inked) return setError(true);
    // white under the ink: a transparent PNG shows black-on-black in some viewers
    const c = canvas.current!;
    const out = document.createElement('canvas');
    out.width = c.width;
    out.height = c.height;
    const g = out.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(c, 0, 0);
    out.toBlob((blob) => blob && onSigned(blob), 'image/png');
  };

  return (
    <div className="eng-sign">
      <canvas
        ref={canvas}
        className="eng-sign-canvas"
        aria-label={t('signHere')}
        data-testid="signature-canvas"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      {!inked && <p className="eng-sign-hint">{t('signHere')}</p>}
      {error && (
        <p className="eng-error" role="alert">
          {t('signEmpty')}
        </p>
      )}
      <div className="eng-row">
        <button type="button" onClick={clear} disabled={busy}>
          {t('clear')}
        </button>
        <button type="button" className="eng-primary" onClick={confirm} disabled={busy}>
          {t('confirmSign')}
        </button>
      </div>
    </div>
  );
}
