import { escapeHtml } from './summary-html';

describe('summary.html', () => {
  describe('when a recorded value holds markup', () => {
    it('is escaped, so the page shows it and never runs it', () => {
      expect(escapeHtml('<script>alert("x")</script> & \'y\'')).toBe(
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
      );
    });

    it('shows structured values as escaped JSON and missing ones as a dash', () => {
      expect(escapeHtml({ a: '<b>' })).toBe('{&quot;a&quot;:&quot;&lt;b&gt;&quot;}');
      expect(escapeHtml(null)).toBe('—');
    });
  });
});
