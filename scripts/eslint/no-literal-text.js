// ESLint rule `tahaluf/no-literal-text`: no visible text written in a console component. Text the reader
// sees goes through the message catalogue (src/web/i18n/messages/*.ts, see docs/console.md), so it
// exists in Arabic and English. Reported: JSX text with a letter in it, string literals with a letter
// rendered as children, and string literals in the attributes a reader or a screen reader meets
// (aria-label, title, placeholder, alt, label …). Not reported: punctuation and spaces (`{' · '}`),
// and anything inside an element marked `translate="no"` (brand names, codes, sample tokens).

const LETTER = /\p{L}/u;
const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-placeholder',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'valueLabel',
]);

const hasLetters = (node) => {
  if (!node) return false;
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' && LETTER.test(node.value);
    case 'TemplateLiteral':
      return node.quasis.some((q) => LETTER.test(q.value.cooked ?? q.value.raw));
    case 'ConditionalExpression':
      return hasLetters(node.consequent) || hasLetters(node.alternate);
    case 'LogicalExpression':
      return hasLetters(node.right) || (node.operator !== '&&' && hasLetters(node.left));
    case 'BinaryExpression':
      return node.operator === '+' && (hasLetters(node.left) || hasLetters(node.right));
    default:
      return false;
  }
};

/** Inside an element with translate="no"? */
const untranslatable = (node) => {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type !== 'JSXElement') continue;
    const attr = n.openingElement.attributes.find(
      (a) => a.type === 'JSXAttribute' && a.name.name === 'translate',
    );
    if (attr?.value?.type === 'Literal' && attr.value.value === 'no') return true;
  }
  return false;
};

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Visible text in the console comes from the message catalogue' },
    messages: {
      text: 'Visible text "{{text}}" is not translated: add a message to src/web/i18n/messages and use t(…) (docs/console.md, "Adding a string").',
    },
    schema: [],
  },
  create(context) {
    const report = (node, text) =>
      context.report({ node, messageId: 'text', data: { text: String(text).trim().slice(0, 40) } });
    return {
      JSXText(node) {
        if (LETTER.test(node.value) && !untranslatable(node)) report(node, node.value);
      },
      JSXExpressionContainer(node) {
        const parent = node.parent;
        if (parent.type !== 'JSXElement' && parent.type !== 'JSXFragment') return;
        if (hasLetters(node.expression) && !untranslatable(node))
          report(node, context.sourceCode.getText(node.expression));
      },
      JSXAttribute(node) {
        const name = typeof node.name.name === 'string' ? node.name.name : node.name.name.name;
        if (!VISIBLE_ATTRIBUTES.has(name) || !node.value) return;
        const value =
          node.value.type === 'JSXExpressionContainer' ? node.value.expression : node.value;
        if (hasLetters(value) && !untranslatable(node))
          report(node, context.sourceCode.getText(value));
      },
    };
  },
};
