import type { CommandDefinition } from './index';

export const showLogCommand: CommandDefinition = {
  id: 'patchCycles.showLog',
  run(services) {
    services.log.show();
  }
};
