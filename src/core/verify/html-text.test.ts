import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlUnescaped } from './html-text.ts';

test('HTML references undone as a browser shows them; anything else kept', () => {
  assert.equal(htmlUnescaped('O&#39;DAY &amp; M&#x00FC;ller &lt;b&gt;'), "O'DAY & Müller <b>");
  assert.equal(htmlUnescaped('cut &#3'), 'cut &#3');
  assert.equal(htmlUnescaped('&bogus; &#99999999;'), '&bogus; &#99999999;');
});
