/** Entry point of the approval page, bundled to dist/webview/approval.js (and approval.css). */
import './approval.css';
import '../shared/components';
import type { ApprovalHostMessage, ApprovalPageMessage, ApprovalViewState } from '../../src/shared/protocol/approval';
import type { ValueElement } from '../shared/components';
import { h } from '../shared/dom';
import { connectToHost } from '../shared/vscodeApi';

const root = document.getElementById('root');
if (root) {
  const host = connectToHost<ApprovalPageMessage, ApprovalHostMessage, ApprovalViewState>();
  const restored = host.restoreState();
  if (restored) {
    render(root, restored, host.post);
  }
  host.onMessage((message) => {
    if (message.type === 'state') {
      host.saveState(message.state);
      render(root, message.state, host.post);
    }
  });
  host.post({ type: 'ready' });
}

function render(root: HTMLElement, state: ApprovalViewState, post: (message: ApprovalPageMessage) => void): void {
  // Keep a comment being typed across re-renders.
  const typed = (root.querySelector('#review-body') as ValueElement | null)?.value ?? '';
  root.replaceChildren(
    h('h1', { text: `Approval: ${state.cycleId} ${state.cycleTitle}` }),
    h('p', { className: 'file', text: `${state.file} · track ${state.track} · requester ${state.requester} · Security Officers ${state.securityOfficers.join(', ')}` }),
    ...banners(state),
    h('h2', { text: 'Readiness of steps 1–10' }),
    readinessTable(state),
    h('h2', { text: 'Independence' }),
    h('p', { text: `Neither the requester (${state.requester}) nor an implementer (${state.implementers.join(', ') || 'none recorded'}) nor the author of the pull request may approve.` }),
    ...pullRequestSection(state, post),
    ...reviewSection(state, typed, post)
  );
}

function banners(state: ApprovalViewState): HTMLElement[] {
  const list: HTMLElement[] = [];
  if (state.error) {
    list.push(h('div', { className: 'banner error', attributes: { role: 'alert' }, text: state.error }));
  }
  if (state.awaitingRetroactiveApproval) {
    list.push(h('div', { className: 'banner', attributes: { role: 'status' }, text: 'Emergency track: the patches are deployed and the retroactive approval is not recorded yet. The cycle stays flagged until a Security Officer approves it.' }));
  }
  if (state.approvedBy) {
    list.push(h('div', { className: 'banner', attributes: { role: 'status' }, text: `Approved by ${state.approvedBy} at ${state.approvedAt ?? '?'}; step 11 is done.` }));
  }
  return list;
}

function readinessTable(state: ApprovalViewState): HTMLElement {
  const rows = state.steps
    .filter((step) => step.id !== 'approval')
    .map((step) =>
      h('tr', {}, [
        h('td', { text: step.id }),
        h('td', { text: step.status }),
        h('td', { className: step.ready ? 'ready' : 'not-ready', text: step.ready ? 'ready' : 'not ready' }),
        h('td', { text: step.problems.join(' ') })
      ])
    );
  return h('table', {}, [h('thead', {}, [h('tr', {}, ['Step', 'Status', 'Gate', 'Problems'].map((label) => h('th', { text: label, attributes: { scope: 'col' } })))]), h('tbody', {}, rows)]);
}

function pullRequestSection(state: ApprovalViewState, post: (message: ApprovalPageMessage) => void): HTMLElement[] {
  const refresh = button('Refresh', state.busy || Date.now() < state.nextRefreshAt, () => post({ type: 'refresh' }));
  const pull = state.pullRequest;
  if (!pull) {
    const ready = state.steps.every((step) => step.ready);
    return [
      h('h2', { text: 'Pull request' }),
      h('p', { className: 'hint', text: 'No pull request yet. Request Approval commits the cycle, pushes a branch and opens one with the Security Officers as reviewers.' }),
      h('div', { className: 'actions' }, [button('Request Approval', state.busy || !ready, () => post({ type: 'requestApproval' })), refresh])
    ];
  }
  const reviews = pull.reviews.map((review) =>
    h('tr', {}, [
      h('td', { text: review.by }),
      h('td', { text: review.state }),
      h('td', { text: review.at }),
      h('td', { className: review.counts ? 'ready' : 'not-ready', text: review.counts ? 'counts' : 'does not count' }),
      h('td', { text: review.reasons.join(' ') })
    ])
  );
  return [
    h('h2', { text: `Pull request #${pull.number}: ${pull.status}` }),
    h('p', { text: `${pull.title} · opened by ${pull.author} · review requested from ${pull.requestedReviewers.join(', ') || 'nobody'}` }),
    h('div', { className: 'actions' }, [button('Open on GitHub', false, () => post({ type: 'openPullRequest' })), refresh]),
    reviews.length === 0
      ? h('p', { className: 'hint', text: 'No reviews yet.' })
      : h('table', {}, [h('thead', {}, [h('tr', {}, ['Reviewer', 'State', 'At', 'Sign-off', 'Why not'].map((label) => h('th', { text: label, attributes: { scope: 'col' } })))]), h('tbody', {}, reviews)])
  ];
}

function reviewSection(state: ApprovalViewState, typed: string, post: (message: ApprovalPageMessage) => void): HTMLElement[] {
  if (!state.pullRequest) {
    return [];
  }
  if (!state.viewerMayReview) {
    const why = state.viewerReasons.length > 0 ? state.viewerReasons.join(' ') : 'Sign in as a Security Officer to review.';
    return [h('h2', { text: 'Your review' }), h('p', { className: 'hint', text: `${state.viewer ? `Signed in as ${state.viewer}. ` : ''}${why}` })];
  }
  const body = h('vscode-textarea', { attributes: { id: 'review-body', rows: 4, placeholder: 'Comment (required to request changes)', 'aria-label': 'Review comment' } }) as ValueElement;
  body.value = typed;
  return [
    h('h2', { text: `Your review as ${state.viewer ?? ''}` }),
    body,
    h('div', { className: 'actions' }, [
      button('Approve', state.busy, () => post({ type: 'submitReview', event: 'approve', body: body.value })),
      button('Request Changes', state.busy, () => {
        if (body.value.trim() !== '') {
          post({ type: 'submitReview', event: 'request-changes', body: body.value });
        }
      })
    ])
  ];
}

function button(label: string, disabled: boolean, onClick: () => void): HTMLElement {
  const element = h('vscode-button', { text: label, attributes: { disabled } });
  element.addEventListener('click', () => {
    if (!disabled) {
      onClick();
    }
  });
  return element;
}
