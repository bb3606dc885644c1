// The caption every export format and search must carry intact and inert: Cyrillic, quotes, commas,
// a script element and a newline in one string.
export const HOSTILE_CAPTION = 'Мариуполь, "драмтеатр" <script>alert(1)</script>, 2022\nsecond line';
