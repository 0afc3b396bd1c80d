import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from "@nestjs/common";
import { idProblem } from "../validators/id.validator.js";

/**
 * Parses an id path parameter: digits only, at most 2^63 − 1 (a PostgreSQL `bigint`), else 400.
 * Returns its canonical decimal string (`"007"` → `"7"`), to be compared in SQL as a `bigint`.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const problem = idProblem(value);
    if (problem) throw new BadRequestException(`${metadata.data ?? "id"} ${problem}`);
    return BigInt(value).toString();
  }
}
