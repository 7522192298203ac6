/** Unit and in-process engine tests. The real-n8n end-to-end suite runs with `npm run test:e2e`. */
module.exports = {
	// Quiet while green: console output is printed only for a failing test (TEST_LOGS=1: always).
	testEnvironment: '<rootDir>/test/helpers/quietEnvironment.js',
	// mocks/ holds the loopback vendors npm start also runs, with their own self-test.
	roots: ['<rootDir>/test', '<rootDir>/mocks'],
	testMatch: ['**/*.test.ts', '**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }] },
	testTimeout: 30000,
};
