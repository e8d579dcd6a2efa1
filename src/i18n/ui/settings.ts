// Organisation settings and the Import screen (issues 10, 11). Keys of en and cs must be equal (a test).
export const settings = {
  en: {
    'avatar.organization': 'Organisation settings',
  },
  cs: {
    'avatar.organization': 'Nastavení organizace',
  },
} as const;
