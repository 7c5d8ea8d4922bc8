// Builds DOM nodes from data without ever parsing it as HTML: every text goes in as a text node.

/**
 * h('a', {href: '#/x', class: 'link'}, 'text', child, [more children])
 * Attributes starting with "on" are event listeners; `true` sets a boolean attribute, false/null/undefined skip it.
 */
export function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) {
        if (value === false || value === null || value === undefined) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2).toLowerCase(), value);
        } else if (name === 'dataset') {
            Object.assign(element.dataset, value);
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

/** Replaces the children of `element`. */
export function replace(element, ...children) {
    element.replaceChildren();
    append(element, children);
    return element;
}

/** A section with a heading whose id labels it. */
export function section(id, title, ...children) {
    return h('section', {class: 'panel', 'aria-labelledby': `${id}-heading`, id},
        h('h2', {id: `${id}-heading`}, title), ...children);
}

/** A message standing in for content: loading, empty or error. Never leaves a blank area. */
export function state(kind, text, ...more) {
    return h('p', {class: `state state--${kind}`, role: kind === 'error' ? 'alert' : null}, text, ...more);
}

/**
 * A table that turns into labelled cards on narrow screens (no horizontal scrolling on a phone).
 * columns: [{label, cell: row => node|text, numeric?, breakable?}] (breakable: long ids or e-mails may wrap anywhere)
 */
export function table(caption, columns, rows, {empty = 'Nothing to show.'} = {}) {
    if (rows.length === 0) {
        return state('empty', empty);
    }
    return h('table', {class: 'table'},
        h('caption', {class: 'visually-hidden'}, caption),
        h('thead', {}, h('tr', {}, columns.map(c => h('th', {scope: 'col', class: c.numeric ? 'num' : null}, c.label)))),
        h('tbody', {}, rows.map(row => h('tr', {},
            columns.map(c => h('td', {'data-label': c.label, class: cellClass(c)}, c.cell(row)))))));
}

function cellClass(column) {
    return [column.numeric ? 'num' : null, column.breakable ? 'breakable' : null].filter(Boolean).join(' ') || null;
}
