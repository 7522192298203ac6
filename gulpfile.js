const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// tsc emits only JavaScript; the node and credential icons are copied beside it.
function copyIcons(folder) {
	const copy = () =>
		src(path.resolve(folder, '**', '*.svg')).pipe(dest(path.resolve('dist', folder)));
	copy.displayName = `copy ${folder} icons`;
	return copy;
}

task('build:icons', parallel(copyIcons('nodes'), copyIcons('credentials')));
