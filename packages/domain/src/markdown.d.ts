// Vitest (through Vite) imports `?raw` files as strings; documentation tests read the README so.
declare module '*.md?raw' {
  const text: string;
  export default text;
}
