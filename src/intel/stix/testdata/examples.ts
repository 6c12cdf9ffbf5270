/**
 * Valid STIX 2.1 objects of every type, modelled on the examples in the STIX 2.1 specification's text
 * (written here by hand for the tests; not copied from any file).
 */
const C = '2016-04-06T20:03:48.000Z';
const M = '2016-04-06T20:03:48.000Z';
const IDENT = 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff';
const sdo = (type: string, uuid: string, extra: Record<string, unknown>) => ({
  type, spec_version: '2.1', id: `${type}--${uuid}`, created: C, modified: M, ...extra,
});

export const EXAMPLES: Record<string, unknown>[] = [
  sdo('attack-pattern', '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', {
    created_by_ref: IDENT, name: 'Spear Phishing', description: 'Targeted e-mail',
    external_references: [{ source_name: 'capec', external_id: 'CAPEC-163' }],
    kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'delivery' }],
  }),
  sdo('campaign', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', {
    created_by_ref: IDENT, name: 'Green Group Attacks Against Finance', description: 'Campaign by Green Group', aliases: ['GGAF'],
    first_seen: '2016-04-06T20:03:00Z', last_seen: '2016-05-06T20:03:00Z', objective: 'exfiltrate',
  }),
  sdo('course-of-action', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', { created_by_ref: IDENT, name: 'Add TCP port 80 Filter Rule', description: 'block' }),
  sdo('grouping', '84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3', {
    created_by_ref: 'identity--a463ffb3-1bd9-4d94-b02d-74e4f1658283', name: 'The Black Vine Cyberespionage Group',
    context: 'suspicious-activity',
    object_refs: ['indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2', 'campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c'],
  }),
  sdo('identity', 'e5f1b90a-d9b6-40ab-81a9-8a29df4b6b65', {
    name: 'ACME Widget, Inc.', identity_class: 'organization', sectors: ['defense'], roles: ['analyst'], contact_information: 'soc@example.com',
  }),
  sdo('incident', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', { name: 'Breach of example network', description: 'x' }),
  sdo('indicator', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', {
    created_by_ref: IDENT, indicator_types: ['malicious-activity'], name: 'Poison Ivy Malware', description: 'file hash',
    pattern: "[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]",
    pattern_type: 'stix', valid_from: '2016-01-01T00:00:00Z', valid_until: '2017-01-01T00:00:00Z',
    kill_chain_phases: [{ kill_chain_name: 'mandiant-attack-lifecycle-model', phase_name: 'establish-foothold' }],
  }),
  sdo('infrastructure', '38c47d93-d984-4fd9-b87b-d69d0841628d', {
    name: 'Poison Ivy C2', infrastructure_types: ['command-and-control'], first_seen: '2016-01-01T00:00:00Z',
  }),
  sdo('intrusion-set', '4e78f46f-a023-4e5f-bc24-71b3ca22ec29', {
    created_by_ref: IDENT, name: 'Bobcat Breakin', description: 'Incidents usually feature a shared TTP', aliases: ['Zookeeper'],
    goals: ['acquisition-theft', 'harassment', 'damage'], resource_level: 'government', primary_motivation: 'organizational-gain',
  }),
  sdo('location', 'a6e9345f-5a15-4c29-8bb3-7dcc5d168d64', { region: 'northern-america', country: 'ca', city: 'Ottawa' }),
  sdo('location', 'dd9abd6f-1ab4-4cc4-b2c9-7d9d0a6ba2de', { latitude: 48.8566, longitude: 2.3522, precision: 1000 }),
  sdo('malware', '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', {
    name: 'Cryptolocker', description: 'A variant of Cryptolocker', malware_types: ['ransomware'], is_family: false,
    operating_system_refs: ['software--5b1f1e27-4e1a-5ee3-a7b0-c22a9f5fa7f4'],
  }),
  sdo('malware', '31b940d4-6f7f-459a-80ea-9c1f17b5891b', { name: 'Poison Ivy', is_family: true, malware_types: ['remote-access-trojan'] }),
  sdo('malware-analysis', 'd25167b7-fed0-4068-9ccd-a73dd2c5b07c', {
    product: 'microsoft', analysis_engine_version: '5.1.0', analysis_definition_version: '053017-01', result: 'malicious',
    analysis_sco_refs: ['file--dd0ed2e2-7b5c-5d5b-bb93-b2a6e4a1d0b1'], sample_ref: 'file--dd0ed2e2-7b5c-5d5b-bb93-b2a6e4a1d0b1',
  }),
  sdo('note', '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', {
    external_references: [{ source_name: 'job-tracker', external_id: 'job-id-1234' }], abstract: 'Tracking Team Note#1',
    content: 'This note indicates the various steps taken by the threat analyst team.', authors: ['John Doe'],
    object_refs: ['campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
  }),
  sdo('observed-data', 'b67d30ff-02ac-498a-92f9-32f845f448cf', {
    created_by_ref: IDENT, first_observed: '2015-12-21T19:00:00Z', last_observed: '2015-12-21T19:00:00Z', number_observed: 50,
    object_refs: ['ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8', 'domain-name--ecb120bf-2694-4902-a737-62b74539a41b'],
  }),
  sdo('opinion', 'b01efc25-77b4-4003-b18b-f6e24b5cd9f7', {
    created_by_ref: IDENT, object_refs: ['relationship--16d2358f-3b0d-4c88-b047-0da2f7ed4471'], opinion: 'strongly-disagree',
    explanation: 'This doesn’t seem like it is feasible.',
  }),
  sdo('report', '84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3', {
    created_by_ref: IDENT, name: 'The Black Vine Cyberespionage Group', description: 'A simple report', report_types: ['campaign'],
    published: '2016-01-20T17:00:00.000Z',
    object_refs: ['indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2', 'campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c'],
  }),
  sdo('threat-actor', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', {
    created_by_ref: IDENT, threat_actor_types: ['crime-syndicate'], name: 'Evil Org', description: 'The Evil Org threat actor group',
    aliases: ['Syndicate 1'], roles: ['director'], goals: ['Steal bank money'], sophistication: 'advanced',
    resource_level: 'team', primary_motivation: 'organizational-gain',
  }),
  sdo('tool', '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', {
    created_by_ref: IDENT, tool_types: ['remote-access'], name: 'VNC', tool_version: '4.1',
  }),
  sdo('vulnerability', '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', {
    name: 'CVE-2016-1234', external_references: [{ source_name: 'cve', external_id: 'CVE-2016-1234' }],
  }),
  sdo('relationship', '44298a74-ba52-4f0c-87a3-1824e67d7fad', {
    created_by_ref: IDENT, relationship_type: 'indicates', source_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    target_ref: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b', start_time: '2016-01-01T00:00:00Z', stop_time: '2016-06-01T00:00:00Z',
  }),
  sdo('sighting', 'ee20065d-2555-424f-ad9e-0f8428623c75', {
    created_by_ref: IDENT, first_seen: '2015-12-21T19:00:00Z', last_seen: '2015-12-21T19:00:00Z', count: 50,
    sighting_of_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    observed_data_refs: ['observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf'],
    where_sighted_refs: ['identity--b67d30ff-02ac-498a-92f9-32f845f448ff'], summary: false,
  }),
  sdo('language-content', 'b86bd89f-98bb-4fa9-8cb2-9ad421da981d', {
    object_ref: 'campaign--12a111f0-b824-4baf-a224-83b80237a094', object_modified: '2017-02-08T21:31:22.007Z',
    contents: { de: { name: 'Bank Angriff 1', description: 'Weitere Informationen über Banküberfall' } },
  }),
  sdo('extension-definition', '9c59fd79-4215-4ba2-920d-3e4f320e1e62', {
    created_by_ref: IDENT, name: 'New SDO 1', description: 'This schema creates a new object type called my-favorite-sdo-1',
    schema: 'https://www.example.com/schema-my-favorite-sdo-1/v1/', version: '1.2.1', extension_types: ['new-sdo'],
  }),
  {
    type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
    created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: 'TLP:GREEN', definition: { tlp: 'green' },
  },
  {
    type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f',
    created: '2016-08-01T00:00:00.000Z', definition_type: 'statement', definition: { statement: 'Copyright 2016, Example Corp' },
  },
  {
    type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
    created: '2022-10-01T00:00:00.000Z', name: 'TLP:CLEAR',
    extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'clear' } },
  },
  // cyber-observable objects (section 6)
  { type: 'artifact', spec_version: '2.1', id: 'artifact--6f437177-6e48-5cf8-9d9e-872a2bddd641', mime_type: 'application/zip', payload_bin: 'ZX7HIBWefxM=', encryption_algorithm: 'mime-type-indicated', decryption_key: 'My voice is my passport' },
  { type: 'artifact', spec_version: '2.1', id: 'artifact--ca17bcf8-9846-5ab4-8662-75c1bf6e63ee', mime_type: 'image/jpeg', url: 'https://upload.wikimedia.org/wikipedia/commons/b/b4/JPEG_example_JPG_RIP_100.jpg', hashes: { 'SHA-256': 'fb6f8e9c2e1a1b1ed7aa2cb3b9f6cb6bd6bd0b4b5ad4bbbf3a4b5ce5d4e0e55d' } },
  { type: 'autonomous-system', spec_version: '2.1', id: 'autonomous-system--f720c34b-98ae-597f-ade5-27dc241e8c74', number: 15139, name: 'Slime Industries', rir: 'ARIN' },
  { type: 'directory', spec_version: '2.1', id: 'directory--93c0a9b0-520d-545d-9094-1a08ddf46b05', path: 'C:\\Windows\\System32' },
  { type: 'domain-name', spec_version: '2.1', id: 'domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5', value: 'example.com', resolves_to_refs: ['ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd'] },
  { type: 'email-addr', spec_version: '2.1', id: 'email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3', value: 'john@example.com', display_name: 'John Doe' },
  {
    type: 'email-message', spec_version: '2.1', id: 'email-message--72b7698f-10c2-565a-a2a6-b4996a2f2265', is_multipart: false,
    from_ref: 'email-addr--89f52ea8-d6ef-51e9-8fce-6a29236436ed', to_refs: ['email-addr--d1b3bf0c-f02a-51a1-8102-11aba7959868'],
    subject: 'Saying Hello', date: '1997-11-21T15:55:06.000Z', body: 'Hello', additional_header_fields: { Reply_To: ['steve@example.com', 'jane@example.com'] },
  },
  {
    type: 'email-message', spec_version: '2.1', id: 'email-message--cf9b4b7f-14c8-5955-8065-020e0316b559', is_multipart: true,
    content_type: 'multipart/mixed', body_multipart: [
      { content_type: 'text/plain; charset=utf-8', content_disposition: 'inline', body: 'Cats are funny!' },
      { content_type: 'image/png', content_disposition: 'attachment; filename="tabby.png"', body_raw_ref: 'artifact--4cce66f8-6eaa-53cb-85d5-3a85fca3a6c5' },
    ],
  },
  {
    type: 'file', spec_version: '2.1', id: 'file--e277603e-1060-5ad4-9937-c26c97f1ca68', name: 'foo.exe', size: 25536,
    hashes: { 'SHA-256': '35a01331e9ad96f751278b891b6ea09699806faedfa237d40513d92ad1b7100f' },
    extensions: { 'windows-pebinary-ext': { pe_type: 'exe', machine_hex: '014c', number_of_sections: 4, time_date_stamp: '2016-01-22T12:31:12Z', optional_header: { magic_hex: '010b', size_of_code: 4096 }, sections: [{ name: '.text', size: 4096, entropy: 6.1 }] } },
  },
  { type: 'file', spec_version: '2.1', id: 'file--73c4cd13-7206-5100-88ee-822c42d3f02a', name: 'qwerty.pdf', extensions: { 'pdf-ext': { version: '1.7', is_optimized: false, document_info_dict: { Title: 'Sample document', Author: 'Adobe Systems Incorporated' } } } },
  { type: 'file', spec_version: '2.1', id: 'file--9a1f834d-2506-5367-baec-7aa63996ad43', name: 'picture.jpg', extensions: { 'raster-image-ext': { image_height: 768, image_width: 1024, exif_tags: { Make: 'Nikon', XResolution: 4928 } } } },
  { type: 'file', spec_version: '2.1', id: 'file--ec3415cc-5f4f-5ec8-bdb1-6f86996ae66d', name: 'a.txt', extensions: { 'ntfs-ext': { alternate_data_streams: [{ name: 'second.stream', size: 25536 }] } } },
  { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '198.51.100.3' },
  { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--8fd1efae-ba0b-5f0e-a5d5-3e2bb5b0cc2d', value: '10.2.4.5/24' },
  { type: 'ipv6-addr', spec_version: '2.1', id: 'ipv6-addr--1e61d36c-a16c-53b7-a80f-2a00161c96b1', value: '2001:0db8:85a3:0000:0000:8a2e:0370:7334' },
  { type: 'mac-addr', spec_version: '2.1', id: 'mac-addr--65cfcf98-8a6e-5a1b-8f61-379ac4f92d00', value: 'd2:fb:49:24:37:18' },
  { type: 'mutex', spec_version: '2.1', id: 'mutex--eba44954-d4e4-5d3b-814c-2b17dd8de300', name: '__CLEANSWEEP__' },
  {
    type: 'network-traffic', spec_version: '2.1', id: 'network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d',
    src_ref: 'ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53', dst_ref: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
    protocols: ['ipv4', 'tcp'], src_port: 2487, dst_port: 80, is_active: true,
    extensions: { 'http-request-ext': { request_method: 'get', request_value: '/download.html', request_version: 'http/1.1', request_header: { 'Accept-Encoding': ['gzip,deflate'] } }, 'tcp-ext': { src_flags_hex: '00000002' } },
  },
  { type: 'network-traffic', spec_version: '2.1', id: 'network-traffic--c95e972a-20a4-5307-b00d-b8393faf02c5', src_ref: 'ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53', protocols: ['icmp'], extensions: { 'icmp-ext': { icmp_type_hex: '08', icmp_code_hex: '00' }, 'socket-ext': { address_family: 'AF_INET', socket_type: 'SOCK_STREAM', options: { SO_KEEPALIVE: 1 } } } },
  {
    type: 'process', spec_version: '2.1', id: 'process--f52a906a-0dfc-40bd-92f1-e7778ead38a9', pid: 1221, created_time: '2016-01-20T14:11:25.55Z',
    command_line: './gedit-bin --new-window', image_ref: 'file--e04f22d1-be2c-59de-add8-10f61d15fe20',
    extensions: { 'windows-process-ext': { aslr_enabled: true, dep_enabled: true, priority: 'HIGH_PRIORITY_CLASS', owner_sid: 'S-1-5-21-186985262-1144665072-74031268-1309', startup_info: { lpDesktop: 'WinSta0', dwX: 100 } }, 'windows-service-ext': { service_name: 'sirvizio', start_type: 'SERVICE_AUTO_START', service_type: 'SERVICE_WIN32_OWN_PROCESS', service_status: 'SERVICE_RUNNING' } },
  },
  { type: 'software', spec_version: '2.1', id: 'software--a1827f6d-ca53-5605-9e93-4316cd22a00a', name: 'Word', cpe: 'cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*', languages: ['en', 'fr'], version: '2002', vendor: 'Microsoft' },
  { type: 'url', spec_version: '2.1', id: 'url--c1477287-23ac-5971-a010-5c287877fa60', value: 'https://example.com/research/index.html' },
  {
    type: 'user-account', spec_version: '2.1', id: 'user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c', user_id: '1001', account_login: 'jdoe',
    account_type: 'unix', display_name: 'John Doe', is_service_account: false, is_privileged: false, can_escalate_privs: true,
    account_created: '2016-01-20T12:31:12Z', extensions: { 'unix-account-ext': { gid: 1001, groups: ['wheel'], home_dir: '/home/jdoe', shell: '/bin/bash' } },
  },
  { type: 'windows-registry-key', spec_version: '2.1', id: 'windows-registry-key--2ba37ae7-2745-5082-9dfd-9486dad41016', key: 'HKEY_LOCAL_MACHINE\\System\\Foo\\Bar', values: [{ name: 'Foo', data: 'qwerty', data_type: 'REG_SZ' }] },
  {
    type: 'x509-certificate', spec_version: '2.1', id: 'x509-certificate--b595eaf0-0b28-5dad-9e8e-0fab9c1facc9', issuer: 'C=ZA, ST=Western Cape, L=Cape Town, O=Thawte Consulting cc',
    validity_not_before: '2016-03-12T12:00:00Z', validity_not_after: '2016-08-21T12:00:00Z', subject: 'C=US, ST=Maryland, L=Pasadena, O=Brent Baccala, OU=FreeSoft, CN=www.freesoft.org/emailAddress=baccala@freesoft.org',
    serial_number: '02:08:87:83:f2:13:58:1f:79:52:1e:66:90:0a:02:24:c9:6b:c7:dc', x509_v3_extensions: { basic_constraints: 'critical,CA:TRUE, pathlen:0', name_constraints: 'permitted;IP:192.168.0.0/255.255.0.0' },
  },
  // a custom object type and an object with custom properties and an extension
  { type: 'x-example-thing', spec_version: '2.1', id: 'x-example-thing--2d3b9c54-1f5e-4b1a-9c7a-0b3e5d6f7a8b', created: C, modified: M, x_color: 'blue' },
  sdo('indicator', '6b1a3d6f-3c3b-4a58-8a0c-7f9d2b1e6a4c', {
    pattern: "[ipv4-addr:value = '198.51.100.1/32']", pattern_type: 'stix', valid_from: '2020-01-01T00:00:00Z', x_acme_priority: 3,
    labels: ['apt'], confidence: 80, lang: 'en', object_marking_refs: ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'],
    granular_markings: [{ marking_ref: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', selectors: ['description', 'labels.[0]'] }],
    extensions: { 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { extension_type: 'property-extension', rank: 5, toxicity: 8 } },
  }),
];
