// fast-check arbitraries shared by the property tests of hostile input. Test helper only.

import fc from 'fast-check';

/** Any JSON value, small, including hostile object keys (`__proto__`, `constructor`, and `keys`). */
export function anyJson(keys: string[] = [], maxSize = 5): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: maxSize }),
      fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', ...keys)), tie('value'), { maxKeys: maxSize }),
    ),
  })).value;
}
