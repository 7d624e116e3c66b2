// `npm run bench`: reserved for the benchmark (issue 7). Until it lands, say so rather than print made-up figures.
console.log('npm run bench: not yet — the benchmark is tracked in its own issue.');
