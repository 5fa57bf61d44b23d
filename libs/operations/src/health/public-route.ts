import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'change-ledger:public';

/** The only way a route goes without authentication: health, for orchestrators. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
