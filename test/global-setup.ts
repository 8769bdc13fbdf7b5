// Runs once before all test files. The web app's browser tests need a fresh build; see test/browser/.
export default async function setup(): Promise<void> {}
