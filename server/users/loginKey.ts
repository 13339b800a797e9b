// Logins are compared as people read them: `Admin`, `ＡＤＭＩＮ` and `аdmin` (Cyrillic а) are one
// login. The key is Unicode's confusable skeleton (UTS #39, through unhomoglyph's copy of
// confusables.txt) of the case-folded NFKC form, folded again because the skeleton of some
// letters is a capital (0 → O).
import unhomoglyph from 'unhomoglyph';

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

export function loginKey(login: string): string {
  return fold(unhomoglyph(fold(login.trim())));
}
