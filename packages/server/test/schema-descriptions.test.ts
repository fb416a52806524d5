// Every type, field, argument, input field and enum value of the schema says what it is, in the
// schema itself: GraphiQL, schema.graphql and the client's generated types all show it, so a partner
// never has to guess. A new field without a description fails here, naming it.
import { isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType, type GraphQLSchema } from 'graphql';
import { expect, it } from 'vitest';
import { buildSchema } from '../src/schema/index.js';

function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const say = (description: string | null | undefined, what: string) => {
    if (!description?.trim()) missing.push(what);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    say(type.description, `type ${type.name}`);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        say(field.description, `${type.name}.${field.name}`);
        for (const arg of field.args) say(arg.description, `${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) say(field.description, `${type.name}.${field.name}`);
    if (isEnumType(type)) for (const value of type.getValues()) say(value.description, `${type.name}.${value.name}`);
  }
  return missing;
}

it('describes every type, field, argument, input field and enum value', () => {
  expect(undescribed(buildSchema())).toEqual([]);
});
