// `npm run analyze` (run by `npm run build`): custom-elements.json from the element's JSDoc, for editors, linters
// and docs tools. The analyzer reads the TypeScript sources; this plugin makes the manifest describe the package
// (dist/index.js, dist/define.js) and fixes what the analyzer gets wrong about this element:
// - Lit's `state: true` properties in `static properties` come out as public attributes (it knows `attribute: false`
//   only): they are internal state and left out;
// - `this.dispatchEvent(new SandboxStartEvent(code))` comes out as an event named after the first argument, `code`.
//   Events are documented with `@event {Class} name` instead; an event class dispatched but not documented fails.
//   The element's controllers dispatch most of them, so every module beside it is searched for `new Sandbox…Event(`.
import { readFileSync, readdirSync } from 'node:fs';

/** The event classes the element's folder constructs (its controllers dispatch them on the element). */
function dispatchedEventClasses() {
  const folder = 'src/python-sandbox/';
  const classes = new Set();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
    for (const match of readFileSync(folder + file, 'utf8').matchAll(/new (Sandbox\w+Event)\(/g)) classes.add(match[1]);
  }
  return classes;
}

export default {
  globs: ['src/define.ts', 'src/python-sandbox/python-sandbox.ts', 'src/events/sandbox-*.ts'],
  outdir: '.',
  litelement: true,
  plugins: [packagePlugin()],
};

function packagePlugin() {
  const states = new Set(); // names of `static properties` entries with `state: true`
  return {
    name: 'python-sandbox:package',
    analyzePhase({ ts, node }) {
      if (!ts.isPropertyDeclaration(node) || node.name.getText() !== 'properties') return;
      if (!node.initializer || !ts.isObjectLiteralExpression(node.initializer)) return;
      for (const property of node.initializer.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) continue;
        const state = property.initializer.properties.some((option) =>
          option.name?.getText() === 'state' && option.initializer?.kind === ts.SyntaxKind.TrueKeyword);
        if (state) states.add(property.name.getText());
      }
    },
    packageLinkPhase({ customElementsManifest: manifest }) {
      const declarations = manifest.modules.flatMap((module) => module.declarations ?? []);
      const element = declarations.find((declaration) => declaration.tagName === 'python-sandbox');
      if (!element) throw new Error('analyze: no <python-sandbox> class found');

      element.attributes = element.attributes.filter((attribute) => !states.has(attribute.fieldName));
      element.members = element.members.filter((member) => member.privacy !== 'private' && !states.has(member.name));

      const documented = element.events.filter((event) => event.description);
      for (const event of element.events.filter((each) => !each.description)) {
        if (!documented.some((each) => each.type?.text === event.type?.text)) {
          throw new Error(`analyze: <python-sandbox> dispatches ${event.type?.text} without an @event tag for it`);
        }
      }
      element.events = documented;
      for (const name of dispatchedEventClasses()) {
        if (!documented.some((each) => each.type?.text === name)) {
          throw new Error(`analyze: <python-sandbox> dispatches ${name} without an @event tag for it`);
        }
      }

      for (const declaration of declarations) {
        if (declaration.superclass?.name === 'Event') declaration.superclass = { name: 'Event', package: 'global:' };
      }
      const index = 'dist/index.js';
      manifest.modules = [
        {
          kind: 'javascript-module',
          path: index,
          declarations,
          exports: declarations.map(({ name }) => ({ kind: 'js', name, declaration: { name, module: index } })),
        },
        {
          kind: 'javascript-module',
          path: 'dist/define.js',
          declarations: [],
          exports: [
            { kind: 'js', name: '*', declaration: { name: '*', module: index } },
            { kind: 'custom-element-definition', name: 'python-sandbox', declaration: { name: element.name, module: index } },
          ],
        },
      ];
    },
  };
}
