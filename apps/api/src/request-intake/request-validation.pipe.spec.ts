import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max } from 'class-validator';
import { Type } from 'class-transformer';
import { RequestValidationError } from '../problem-details/request-validation.error';
import { RequestValidationPipe } from './request-validation.pipe';

class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Max(500) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}

class RequiredQuery {
  @IsString() team!: string;
}

const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'query',
  metatype,
});

describe('RequestValidationPipe', () => {
  const validations = jest.spyOn(ValidationPipe.prototype as never, 'validate');
  afterEach(() => validations.mockClear());
  afterAll(() => validations.mockRestore());

  it('validates an empty query of a class once, then lets empty ones through unvalidated', async () => {
    const pipe = new RequestValidationPipe();
    for (let i = 0; i < 3; i++)
      expect(await pipe.transform({}, query(PageQuery))).toBeInstanceOf(PageQuery);
    expect(validations).toHaveBeenCalledTimes(1);
  });

  it('still validates every query that sets a field, after an empty one passed', async () => {
    const pipe = new RequestValidationPipe();
    await pipe.transform({}, query(PageQuery));
    await expect(pipe.transform({ limit: '501' }, query(PageQuery))).rejects.toBeInstanceOf(
      RequestValidationError,
    );
    await expect(pipe.transform({ sort: 'name' }, query(PageQuery))).rejects.toBeInstanceOf(
      RequestValidationError,
    );
    expect(await pipe.transform({ limit: '20' }, query(PageQuery))).toEqual({ limit: 20 });
    expect(validations).toHaveBeenCalledTimes(4);
  });

  it('refuses an empty query every time where the class requires a field', async () => {
    const pipe = new RequestValidationPipe();
    for (let i = 0; i < 2; i++)
      await expect(pipe.transform({}, query(RequiredQuery))).rejects.toBeInstanceOf(
        RequestValidationError,
      );
    expect(validations).toHaveBeenCalledTimes(2);
  });

  it('refuses a body that is not an object, even where an empty instance passes', async () => {
    const pipe = new RequestValidationPipe();
    await pipe.transform({}, { type: 'body', metatype: PageQuery });
    for (const sent of ['text', 42, ['a']])
      await expect(
        pipe.transform(sent, { type: 'body', metatype: PageQuery }),
      ).rejects.toBeInstanceOf(RequestValidationError);
  });
});
