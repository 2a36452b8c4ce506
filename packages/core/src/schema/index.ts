export {
  formatJsonPath,
  type ParseWithSchemaOptions,
  parseWithSchema,
  type SchemaIssue,
  SchemaValidationError,
  schemaIssues,
} from './parse.js';
