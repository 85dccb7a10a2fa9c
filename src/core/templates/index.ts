/** The built-in process template and the lookup of templates by id. */
import type { Template } from '../model';
import { loadYaml } from '../yaml/load';
import builtInText from './dora-security-patch.template.yaml';

export const BUILT_IN_TEMPLATE_ID = 'dora-security-patch';

/** Source text of the built-in template, as shipped. */
export const BUILT_IN_TEMPLATE_TEXT: string = builtInText;

/** The built-in template `dora-security-patch`; test/unit/template.test.ts validates it against template.schema.json. */
export const builtInTemplate: Template = loadYaml(builtInText).value as Template;

/**
 * Find a template by id. Templates in `extra` (a repository's own) come first, so a team
 * may replace the built-in one by reusing its id.
 */
export function getTemplate(id: string, extra: readonly Template[] = []): Template | undefined {
  return extra.find((template) => template.id === id) ?? (id === BUILT_IN_TEMPLATE_ID ? builtInTemplate : undefined);
}
