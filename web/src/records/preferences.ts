// The profile preferences the record dialogs and the panel read (UX.md B13), with their defaults.
export type Preferences = {
  defaultRecordMinutes: number;
  snapMinutes: number;
  hideCancelled: boolean;
  hideFree: boolean;
  hideAllDay: boolean;
  guideHidden: boolean;
  dayStartTime: string;
};

const DEFAULTS: Preferences = {
  defaultRecordMinutes: 60,
  snapMinutes: 15,
  hideCancelled: true,
  hideFree: true,
  hideAllDay: true,
  guideHidden: false,
  dayStartTime: '09:00',
};

export function preferencesOf(profile: object): Preferences {
  const stored = (profile as { preferences?: Partial<Preferences> | null }).preferences ?? {};
  const out = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as Array<keyof Preferences>) {
    const value = stored[key];
    if (value !== undefined && value !== null && typeof value === typeof DEFAULTS[key]) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
