/** Entry point of the "Prioritize Risks" page, bundled to dist/webview/risk.js (and risk.css). */
import './risk.css';
import '../shared/components';
import type { RiskHostMessage, RiskPageMessage, RiskPageState } from '../../src/shared/protocol/risk';
import { connectToHost } from '../shared/vscodeApi';
import { RiskPage } from './page';

const root = document.getElementById('root');
if (root) {
  new RiskPage(root, connectToHost<RiskPageMessage, RiskHostMessage, RiskPageState>()).start();
}
