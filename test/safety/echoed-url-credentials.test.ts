// Issue 14 item 7: a password written into a target URL never comes back in an error message.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseTarget, withoutPassword } from '../../src/targets/target.js';

function messageOf(text: string): string {
  try {
    parseTarget(text);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`'${text}' was accepted`);
}

describe('URL credentials in echoed targets', () => {
  it.each([
    ['an invalid URL', 'http://alice:s3cretpw@exa mple/'],
    ['a password holding @ and /', 'http://alice:s3c@re/tpw@127.0.0.1:99999/'],
    ['a URL with credentials refused as such', 'https://alice:s3cretpw@127.0.0.1/'],
  ])('%s: the user stays, the password is ***', (_name, text) => {
    const message = messageOf(text);
    expect(message).toContain('alice:***@');
    expect(message).not.toMatch(/s3c|tpw/);
  });

  it('leaves text without a password alone', () => {
    expect(withoutPassword('http://alice@127.0.0.1/')).toBe('http://alice@127.0.0.1/');
    expect(withoutPassword('127.0.0.1:6379')).toBe('127.0.0.1:6379');
  });
});
