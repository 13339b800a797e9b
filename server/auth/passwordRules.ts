// The one rule for every password stored, by any path (accounts, a reset, one's own change, the
// first admin, the CLI, the demo): at least 8 characters, not the login itself, and hard to guess
// by zxcvbn-ts's estimate — score 3 of 4 ("safely unguessable"), counting the account's login
// and name and common Chinese passwords among what a guesser tries first.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { Problem, type ProblemItem } from '../http/problem';
import { loginKey } from '../users/loginKey';
import { PINYIN_WORDS } from './chinesePasswords';

export const MIN_PASSWORD_LENGTH = 8;
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;
function strength(password: string, userInputs: string[]): number {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, pinyin: PINYIN_WORDS },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return estimator.check(password, userInputs).score;
}

/** Whose password it is: compared against, and counted as words a guesser knows. */
export interface PasswordOwner {
  login: string;
  name?: string | null;
}

/** What is wrong with `password` for `owner`, as problem items naming `field`; empty when it is fine. */
export function passwordIssues(password: string, owner: PasswordOwner, field = 'password'): ProblemItem[] {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return [{ field, code: 'password.too_short', message: { zh: `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`, en: `the password needs at least ${MIN_PASSWORD_LENGTH} characters` } }];
  }
  if (loginKey(password) === loginKey(owner.login)) {
    return [{ field, code: 'password.same_as_login', message: { zh: '密码不能与登录名相同', en: 'the password may not be the login' } }];
  }
  const score = strength(password, [owner.login, ...(owner.name ? [owner.name] : [])]);
  if (score < MIN_PASSWORD_SCORE) {
    return [{
      field,
      code: 'password.weak',
      message: {
        zh: `密码太容易被猜到（强度 ${score}/4，至少需要 ${MIN_PASSWORD_SCORE}）：请用几个不相关的词、数字和符号组成较长的密码，不要用常见密码、姓名拼音或登录名`,
        en: `the password is too easy to guess (strength ${score}/4, at least ${MIN_PASSWORD_SCORE} needed): use a longer mix of unrelated words, digits and symbols, not a common password, a name or the login`,
      },
    }];
  }
  return [];
}

/** Throws the 400 problem naming what is wrong with the password. */
export function assertPasswordAcceptable(password: string, owner: PasswordOwner, field = 'password'): void {
  const issues = passwordIssues(password, owner, field);
  if (issues.length) throw new Problem(400, 'invalid_input', { zh: '输入有误', en: 'Invalid input' }, undefined, issues);
}
