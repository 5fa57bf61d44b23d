import { Matches } from 'class-validator';
import { TemplateDefinitionDto } from '../standard-change-template.dto';

export class ProposeTemplateDto extends TemplateDefinitionDto {
  /** The new template's id: a lower-case slug, the name a standard change gives it. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: 'id must be a lower-case slug like dependency-update (at most 63 characters)',
  })
  id!: string;
}

/** A new version of an existing template: its whole definition, as it would stand. */
export class ReviseTemplateDto extends TemplateDefinitionDto {}
