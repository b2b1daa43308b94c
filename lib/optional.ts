/**
 * Optional packages (apache-arrow, danfojs-node): required on first use, so the library loads
 * without them, and a missing one is an error saying which feature needs it and how to install
 * it instead of a bare "Cannot find module".
 */

/**
 * Requires `name`, or throws "<feature> needs the <name> package, which is not installed:
 * npm install <name>".
 *
 * @example
 *   const arrow = requireOptional<typeof import("apache-arrow")>("apache-arrow", "Arrow support");
 */
export function requireOptional<T>(name: string, feature: string): T {
  try {
    return require(name) as T;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== "MODULE_NOT_FOUND" || !String(e.message).includes(name)) throw err;
    throw new Error(`${feature} needs the ${name} package, which is not installed: npm install ${name}`);
  }
}
