/**
 * Choice of the primary advisory id. Scanners name the same vulnerability differently: Grype
 * and osv-scanner often print the GHSA or PYSEC id, Trivy the CVE. The CVE id wins when exactly
 * one CVE is among the id and its aliases, because the KEV catalog and EPSS are keyed by CVE.
 */
import { CVE_PATTERN, unique } from './values';

export function primaryAdvisory(id: string, aliases: readonly string[]): { advisory: string; aliases: string[] } {
  const all = unique([id, ...aliases]);
  const cves = all.filter((candidate) => CVE_PATTERN.test(candidate));
  const advisory = cves.length === 1 ? cves[0] : id;
  return { advisory, aliases: unique(all, advisory) };
}

/** Extract a CVE or GHSA id at the start of a rule id such as Grype's `CVE-1999-0001-package-1`. */
export function leadingAdvisory(ruleId: string): string | undefined {
  const match = /^(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})(?:-|$)/.exec(ruleId);
  return match ? match[1] : undefined;
}
