/**
 * The pull-request title and description that Request Approval opens: what the Security
 * Officer needs to decide without opening the YAML file.
 */
import type { Cycle } from '../model';
import { mdTable, mdText } from './markdown';
import { awaitsRetroactiveApproval } from './readiness';
import { PATCH_HEADER, patchCells, patchRows, RISK_HEADER, riskCells, riskRows, STEP_HEADER, stepCells, stepRows } from './summary';

export function pullRequestTitle(cycle: Cycle): string {
  const prefix = cycle.track === 'emergency' ? 'Emergency patch cycle' : 'Patch cycle';
  return `${prefix} ${cycle.id}: ${cycle.title}`;
}

export function pullRequestBody(cycle: Cycle, cyclePath: string): string {
  const sections: string[] = [];
  sections.push(`## ${mdText(pullRequestTitle(cycle))}`);
  sections.push(
    [
      `- Cycle file: \`${cyclePath.replace(/`/g, '')}\``,
      `- Track: ${mdText(cycle.track)}`,
      `- Requester: ${mdText(cycle.requester)}`,
      `- Security Officers: ${mdText(cycle.securityOfficers.join(', '))}`,
      `- Policy: ${mdText(cycle.policy?.document)} version ${mdText(cycle.policy?.version)}`,
      `- Systems in scope: ${mdText((cycle.systems ?? []).map((system) => `${system.id}${system.criticalFunction ? ' (critical or important function)' : ''}`).join(', '))}`
    ].join('\n')
  );

  if (awaitsRetroactiveApproval(cycle)) {
    sections.push('> **Emergency track:** the patches were deployed before this approval. Approving records a retroactive approval (RTS 2024/1774 Art. 17(1)(g)).');
  }

  sections.push('### Risk assessment\n\n' + mdTable(RISK_HEADER, riskRows(cycle).map(riskCells)));
  sections.push('### Patches and results\n\n' + mdTable(PATCH_HEADER, patchRows(cycle).map(patchCells)));

  const verified = (cycle.vulnerabilities ?? []).filter((vulnerability) => vulnerability.verification);
  const verifyScans = (cycle.scans ?? []).filter((scan) => scan.phase === 'verify');
  const evidence = [
    ...verifyScans.map((scan) => `- Verification scan ${mdText(scan.id)}: ${mdText(scan.scanner)} at ${mdText(scan.scannedAt)} (${mdText(scan.file)})`),
    ...verified.map((vulnerability) => `- ${mdText(vulnerability.id)} ${mdText(vulnerability.advisory)}: ${mdText(vulnerability.verification?.result)}, evidence ${mdText(vulnerability.verification?.evidence)}${vulnerability.verification?.followUp ? `, follow-up ${mdText(vulnerability.verification.followUp)}` : ''}`)
  ];
  sections.push('### Verification evidence\n\n' + (evidence.length > 0 ? evidence.join('\n') : 'No verification recorded yet.'));
  sections.push('### Steps\n\n' + mdTable(STEP_HEADER, stepRows(cycle).map(stepCells)));
  sections.push(
    '### Sign-off\n\nApprove this pull request to sign off the cycle (step 11). The approval counts only from a Security Officer who is neither the requester, nor an implementer recorded in the cycle, nor the author of this pull request (RTS 2024/1774 Art. 17(1)(b)).'
  );
  return sections.join('\n\n') + '\n';
}
