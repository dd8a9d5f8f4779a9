const path = require('path');
const { task, src, dest } = require('gulp');

// tsc emits only JavaScript and JSON; n8n also needs the icons beside the built nodes
// (the credential points at the node's icons, so credentials/ has none of its own).
task('build:icons', () =>
	src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false }).pipe(dest(path.resolve('dist', 'nodes'))),
);
