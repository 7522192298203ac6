import type { Platform } from './types';

import { engageLab } from './engageLab';
import { intercom } from './intercom';
import { ninetyNineDigital } from './ninetyNineDigital';
import { reamaze } from './reamaze';
import { userEngage } from './userEngage';

/** Every platform the node speaks. A new one is a folder beside these and one entry here. */
export const PLATFORMS: Platform[] = [userEngage, engageLab, ninetyNineDigital, intercom, reamaze];
