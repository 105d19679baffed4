/**
 * Links that hand a destination to the phone's map app. Site coordinates are WGS-84 (GPS); Amap's
 * web URI and Baidu's app URI are told so, the apps convert to their own datum. geo: (RFC 5870)
 * opens whatever map app the phone has.
 */
export interface NavTarget {
  lat: number;
  lng: number;
  name: string;
}

export function amapLink(t: NavTarget): string {
  const q = new URLSearchParams({ to: `${t.lng},${t.lat},${t.name}`, mode: 'car', coordinate: 'wgs84', callnative: '1', src: 'fixflow' });
  return `https://uri.amap.com/navigation?${q}`;
}

export function baiduLink(t: NavTarget): string {
  const q = new URLSearchParams({
    destination: `latlng:${t.lat},${t.lng}|name:${t.name}`,
    coord_type: 'wgs84',
    mode: 'driving',
    src: 'fixflow.engineer.h5',
  });
  return `baidumap://map/direction?${q}`;
}

export function geoLink(t: NavTarget): string {
  return `geo:${t.lat},${t.lng}?q=${t.lat},${t.lng}(${encodeURIComponent(t.name)})`;
}
