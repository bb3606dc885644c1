// The default damage vocabulary shipped with the app (../shared/DESIGN.md), copied into each new
// archive where users may rename, hide, merge, recolour and add terms. Severity and confidence are
// fixed ordinal scales (they carry crosswalks to EMS-98, xBD and UNOSAT), not editable terms.

export type TermKind = 'class' | 'damage' | 'tag';

export interface DefaultTerm {
  key: string;
  label: string;
  colour?: string;
  shortcut?: string;
  children?: DefaultTerm[];
}

/** Object classes; IPTC image-region types map onto the top level (building, vehicle, object). */
export const DEFAULT_CLASSES: DefaultTerm[] = [
  {
    key: 'building',
    label: 'Building',
    colour: '#e0a030',
    shortcut: 'b',
    children: [
      { key: 'building.residential', label: 'Residential (house, apartment block)' },
      { key: 'building.commercial', label: 'Commercial (shop, cafe/restaurant, market, hotel, office)' },
      { key: 'building.government', label: 'Government / administration' },
      { key: 'building.religious', label: 'Religious' },
      { key: 'building.education', label: 'Education (school, university)' },
      { key: 'building.medical', label: 'Medical' },
      { key: 'building.heritage', label: 'Cultural heritage' },
      { key: 'building.industrial', label: 'Industrial' },
      { key: 'building.unknown', label: 'Building, type unknown' },
    ],
  },
  {
    key: 'vehicle',
    label: 'Vehicle',
    colour: '#4fa3e0',
    shortcut: 'v',
    children: [
      { key: 'vehicle.car', label: 'Car' },
      { key: 'vehicle.minibus', label: 'Minibus' },
      { key: 'vehicle.van', label: 'Van' },
      { key: 'vehicle.bus', label: 'Bus' },
      { key: 'vehicle.truck', label: 'Truck' },
      { key: 'vehicle.motorcycle', label: 'Motorcycle' },
      { key: 'vehicle.ambulance', label: 'Ambulance' },
      { key: 'vehicle.military', label: 'Military / armoured' },
      { key: 'vehicle.unknown', label: 'Vehicle, type unknown' },
    ],
  },
  {
    key: 'infrastructure',
    label: 'Infrastructure',
    colour: '#8fd14f',
    shortcut: 'i',
    children: [
      { key: 'infrastructure.road', label: 'Road' },
      { key: 'infrastructure.bridge', label: 'Bridge' },
      { key: 'infrastructure.power', label: 'Power' },
      { key: 'infrastructure.water', label: 'Water' },
      { key: 'infrastructure.telecom', label: 'Telecom' },
      { key: 'infrastructure.fuel', label: 'Fuel station' },
    ],
  },
  {
    key: 'ordnance',
    label: 'Ordnance evidence',
    colour: '#e05050',
    shortcut: 'o',
    children: [
      { key: 'ordnance.crater', label: 'Crater' },
      { key: 'ordnance.remnant', label: 'Munition remnant' },
      { key: 'ordnance.uxo', label: 'Suspected UXO' },
    ],
  },
  {
    key: 'people',
    label: 'People / gathering',
    colour: '#c07fe0',
    shortcut: 'g',
    children: [
      { key: 'people.crowd', label: 'Crowd' },
      { key: 'people.protest', label: 'Protest' },
    ],
  },
];

export const DEFAULT_DAMAGE: DefaultTerm[] = [
  { key: 'damage.gunfire', label: 'Gunfire (bullet holes, pock-marking)', colour: '#ff8c42', shortcut: 'u' },
  { key: 'damage.fragmentation', label: 'Fragmentation', colour: '#ffb347' },
  { key: 'damage.blast', label: 'Blast / shelling', colour: '#ff5e5e' },
  { key: 'damage.fire', label: 'Fire / burn (scorched, burnt-out)', colour: '#ff3b1f', shortcut: 'f' },
  { key: 'damage.partial-collapse', label: 'Partial collapse', colour: '#d94f70' },
  { key: 'damage.total-collapse', label: 'Total collapse', colour: '#a8324f' },
  { key: 'damage.glazing', label: 'Glazing blown out', colour: '#7fc8f8' },
  { key: 'damage.looting', label: 'Looting / vandalism', colour: '#b0a060' },
  { key: 'damage.demolition', label: 'Demolition', colour: '#909090' },
  { key: 'damage.markings', label: 'Markings / graffiti', colour: '#60c0a0' },
];

/**
 * The severity grades and their crosswalk to other damage scales: the one table the region form,
 * the exports and the GeoJSON of sites use (README "Damage scales crosswalk" prints it).
 * xbd: the xBD joint damage scale's class names; unosat: UNOSAT's damage classes. Slight (cosmetic)
 * damage is below what UNOSAT grades from imagery, hence "no visible damage" there.
 */
export const SEVERITIES = [
  { value: 0, label: '0 none', meaning: 'no visible damage', ems98: '–', xbd: 'no-damage', unosat: 'no visible damage' },
  { value: 1, label: '1 slight', meaning: 'cosmetic, no structural damage', ems98: 'G1', xbd: 'minor-damage', unosat: 'no visible damage' },
  { value: 2, label: '2 moderate', meaning: 'non-structural damage, structure sound', ems98: 'G2', xbd: 'minor-damage', unosat: 'moderately damaged' },
  { value: 3, label: '3 severe', meaning: 'structural damage, partial collapse', ems98: 'G3–G4', xbd: 'major-damage', unosat: 'severely damaged' },
  { value: 4, label: '4 destroyed', meaning: 'collapsed, burnt out, no longer usable', ems98: 'G5', xbd: 'destroyed', unosat: 'destroyed' },
] as const;

/**
 * UNOSAT's class for damage that is seen but not certain: a grade of 2 or more given only with
 * confidence "possible" (DESIGN: "possibly damaged" is a confidence, not a grade).
 */
export const UNOSAT_POSSIBLY_DAMAGED = 'possibly damaged';

export const NOT_ASSESSABLE = 'na' as const;
export const CONFIDENCES = ['certain', 'possible'] as const;

/** Keys the photo view keeps for itself; a term shortcut on one of these would never fire. */
export const RESERVED_SHORTCUTS: Readonly<Record<string, string>> = {
  r: 'the rectangle tool',
  p: 'the polygon tool',
  n: 'severity "not assessable"',
  z: 'zoom between Fit and 1:1',
};
