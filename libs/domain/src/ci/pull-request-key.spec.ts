import { pullRequestKey, repositoryKey } from './pull-request-key';

describe('a pull request as a key', () => {
  it('is the number of a pull or merge request URL in the URL’s repository', () => {
    expect(pullRequestKey('https://github.com/Acme/Payments/pull/123', null)).toBe(
      'acme/payments#123',
    );
    expect(pullRequestKey('https://gitlab.com/group/sub/app/-/merge_requests/7/', 'x/y')).toBe(
      'group/sub/app#7',
    );
  });

  it('is a bare number or an id, whole, in the repository named beside it', () => {
    expect(pullRequestKey('#42', 'git@github.com:acme/auth.git')).toBe('acme/auth#42');
    expect(pullRequestKey('mySubject123', 'TestRepo/TestOrg')).toBe(
      'testrepo/testorg#mysubject123',
    );
  });

  it('is nothing without a repository: a number alone links nothing', () => {
    expect(pullRequestKey('123', null)).toBeNull();
    expect(pullRequestKey('https://example.org/pull/9', undefined)).toBeNull();
    expect(pullRequestKey('', 'acme/auth')).toBeNull();
  });

  it('never takes the digits out of an id', () => {
    expect(pullRequestKey('mySubject123', 'acme/payments')).not.toBe(
      pullRequestKey('https://github.com/acme/payments/pull/123', null),
    );
  });

  it('reads a repository with or without its host, scheme or .git', () => {
    for (const name of [
      'https://github.com/acme/payments.git/',
      'github.com/acme/payments',
      'ACME/payments',
    ])
      expect(repositoryKey(name)).toBe('acme/payments');
    expect(repositoryKey('my.group/app')).toBe('my.group/app');
  });
});
