import { it } from 'vitest';
import { createTestDesk, gql } from '../support/test-desk.js';

it('scratch', async () => {
  const desk = await createTestDesk('sqlite');
  const { partnerKey, otherPartnerKey, engineerToken, adminToken } = desk.credentials;
  const CT = `mutation($input: CreateTicketInput!) { createTicket(input: $input) { __typename ... on Error { code message } ... on ReporterNotAuthorizedError { reason reporter } ... on InputValidationError { issues { path message } } ... on MutationCreateTicketSuccess { ticket { id number displayNumber flags sof priority { level source } firstResponseDue events { type actor reason data } } } } }`;
  const show = (r: unknown) => console.log(JSON.stringify(r, null, 1));
  show(await gql(desk, CT, { input: { reporterEmail: 'noc@acme.example', subject: 'Link down', description: 'no service', sof: 'SOF-20001' } }, partnerKey));
  show(await gql(desk, CT, { input: { reporterEmail: 'noc+x@acme.example', subject: 'Link down', description: 'no service' } }, partnerKey));
  show(await gql(desk, CT, { input: { reporterEmail: 'noc@acme.example', subject: '', description: 'no service' } }, partnerKey));
  show(await gql(desk, CT, { input: { reporterEmail: 'noc@acme.example', subject: 'x', description: 'no service' } }));
  show(await gql(desk, `{ queue { edges { node { number } } } }`, {}, partnerKey));
  show(await gql(desk, `{ viewer { kind name } }`, {}, 'nope'));
  show(await gql(desk, `{ tickets { edges { node { number } } } }`, {}, otherPartnerKey));
  show(await gql(desk, `{ customers { edges { node { id name contacts { id email roles } } } } }`, {}, adminToken));
  show(await gql(desk, `{ checkTicketNumber(input: "1000020") { valid reason message number } }`, {}, engineerToken));
  await desk.close();
});
