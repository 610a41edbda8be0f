// PBX / ACD call-record adapters (DESIGN: integrations are adapters only).
export * from './asterisk-cdr';
export * from './call-rows';
export * from './generic-csv';
