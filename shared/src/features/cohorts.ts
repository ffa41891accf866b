// Geographies and cohorts for trending per region and per cohort. A cohort is
// what we know about a request without knowing the user: where (geo, from the
// country) and on what (device class).
import type { Device } from '../events/primitives.js';

export const GEOS = ['NA', 'LATAM', 'EU', 'MEA', 'APAC', 'OTHER'] as const;
export type Geo = (typeof GEOS)[number];

export const DEVICE_CLASSES = ['tv', 'mobile', 'web', 'other'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

const GEO_BY_COUNTRY: Readonly<Record<string, Geo>> = Object.fromEntries([
  ...['US', 'CA'].map((c) => [c, 'NA']),
  ...['MX', 'BR', 'AR', 'CL', 'CO', 'PE', 'VE', 'EC', 'UY', 'PY', 'BO', 'CR', 'PA', 'GT', 'DO', 'PR', 'CU'].map((c) => [c, 'LATAM']),
  ...['GB', 'IE', 'DE', 'FR', 'ES', 'PT', 'IT', 'NL', 'BE', 'LU', 'AT', 'CH', 'DK', 'SE', 'NO', 'FI', 'IS', 'PL', 'CZ', 'SK', 'HU',
    'RO', 'BG', 'GR', 'HR', 'SI', 'RS', 'EE', 'LV', 'LT', 'UA', 'TR', 'CY', 'MT'].map((c) => [c, 'EU']),
  ...['NG', 'ZA', 'KE', 'EG', 'MA', 'GH', 'ET', 'TZ', 'DZ', 'TN', 'SA', 'AE', 'IL', 'QA', 'KW', 'JO', 'IQ', 'IR'].map((c) => [c, 'MEA']),
  ...['JP', 'KR', 'CN', 'TW', 'HK', 'SG', 'IN', 'ID', 'TH', 'VN', 'PH', 'MY', 'AU', 'NZ', 'PK', 'BD', 'LK'].map((c) => [c, 'APAC']),
]) as Record<string, Geo>;

export function geoOf(country: string | undefined): Geo {
  return (country && GEO_BY_COUNTRY[country]) || 'OTHER';
}

export function deviceClassOf(device: Device | undefined): DeviceClass {
  switch (device) {
    case 'tv':
    case 'console':
      return 'tv';
    case 'mobile':
    case 'tablet':
    case 'car':
      return 'mobile';
    case 'web':
    case 'desktop':
      return 'web';
    default:
      return 'other';
  }
}

/** "EU.tv", "NA.mobile", "OTHER.other", ... */
export function cohortOf(country: string | undefined, device: Device | undefined): string {
  return `${geoOf(country)}.${deviceClassOf(device)}`;
}
