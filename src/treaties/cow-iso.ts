/**
 * Correlates of War state codes → ISO 3166-1 alpha-3 and an English name.
 *
 * Rules (documented in docs/treaties.md):
 * - A COW state that exists today maps to its ISO alpha-3 code. Where COW keeps one code across a change
 *   of regime or name (365 Russia/USSR, 255 Prussia/Germany, 345 Serbia/Yugoslavia, 640 Ottoman Empire/
 *   Turkey, 325 Sardinia/Italy), the code maps to the present continuator.
 * - Two COW codes that never coexist may share an ISO code: 255 and 260 → DEU (the German Federal
 *   Republic is the Germany of today), 678 and 679 → YEM.
 * - A state withdrawn from ISO 3166-1 with a code in ISO 3166-3 keeps it: DDR, CSK, YMD.
 * - A state that predates ISO 3166 gets a stable pseudo-code from the user-assigned range X**
 *   (never used by ISO 3166-1): XAH Austria-Hungary, XBA Bavaria, … Codes never change once published.
 * - ATOP's own code 8152 (Annam, outside the COW system list) is kept as XAN.
 */
export interface CowState {
  cow: number;
  iso3: string;
  name: string;
  /** True for states that no longer exist (pseudo-codes and ISO 3166-3 codes). */
  historical: boolean;
}

// [cow, iso3, name, historical?]
const TABLE: [number, string, string, 1?][] = [
  [2, 'USA', 'United States'], [20, 'CAN', 'Canada'], [31, 'BHS', 'Bahamas'], [40, 'CUB', 'Cuba'],
  [41, 'HTI', 'Haiti'], [42, 'DOM', 'Dominican Republic'], [51, 'JAM', 'Jamaica'], [52, 'TTO', 'Trinidad and Tobago'],
  [53, 'BRB', 'Barbados'], [54, 'DMA', 'Dominica'], [55, 'GRD', 'Grenada'], [56, 'LCA', 'Saint Lucia'],
  [57, 'VCT', 'Saint Vincent and the Grenadines'], [58, 'ATG', 'Antigua and Barbuda'], [60, 'KNA', 'Saint Kitts and Nevis'],
  [70, 'MEX', 'Mexico'], [80, 'BLZ', 'Belize'], [90, 'GTM', 'Guatemala'], [91, 'HND', 'Honduras'], [92, 'SLV', 'El Salvador'],
  [93, 'NIC', 'Nicaragua'], [94, 'CRI', 'Costa Rica'], [95, 'PAN', 'Panama'], [100, 'COL', 'Colombia'], [101, 'VEN', 'Venezuela'],
  [110, 'GUY', 'Guyana'], [115, 'SUR', 'Suriname'], [130, 'ECU', 'Ecuador'], [135, 'PER', 'Peru'], [140, 'BRA', 'Brazil'],
  [145, 'BOL', 'Bolivia'], [150, 'PRY', 'Paraguay'], [155, 'CHL', 'Chile'], [160, 'ARG', 'Argentina'], [165, 'URY', 'Uruguay'],
  [200, 'GBR', 'United Kingdom'], [205, 'IRL', 'Ireland'], [210, 'NLD', 'Netherlands'], [211, 'BEL', 'Belgium'],
  [212, 'LUX', 'Luxembourg'], [220, 'FRA', 'France'], [221, 'MCO', 'Monaco'], [223, 'LIE', 'Liechtenstein'],
  [225, 'CHE', 'Switzerland'], [230, 'ESP', 'Spain'], [232, 'AND', 'Andorra'], [235, 'PRT', 'Portugal'],
  [240, 'XHA', 'Hanover', 1], [245, 'XBA', 'Bavaria', 1], [255, 'DEU', 'Germany (Prussia to 1871)'],
  [260, 'DEU', 'German Federal Republic'], [265, 'DDR', 'German Democratic Republic', 1], [267, 'XBD', 'Baden', 1],
  [269, 'XSX', 'Saxony', 1], [271, 'XWU', 'Württemberg', 1], [273, 'XHK', 'Hesse-Kassel (Electoral Hesse)', 1],
  [275, 'XHD', 'Hesse-Darmstadt (Grand Ducal Hesse)', 1], [280, 'XMS', 'Mecklenburg-Schwerin', 1], [290, 'POL', 'Poland'],
  [300, 'XAH', 'Austria-Hungary (Austrian Empire to 1867)', 1], [305, 'AUT', 'Austria'], [310, 'HUN', 'Hungary'],
  [315, 'CSK', 'Czechoslovakia', 1], [316, 'CZE', 'Czechia'], [317, 'SVK', 'Slovakia'], [325, 'ITA', 'Italy (Sardinia to 1861)'],
  [327, 'XPS', 'Papal States', 1], [329, 'XTS', 'Two Sicilies', 1], [331, 'SMR', 'San Marino'], [332, 'XMO', 'Modena', 1],
  [335, 'XPR', 'Parma', 1], [337, 'XTU', 'Tuscany', 1], [338, 'MLT', 'Malta'], [339, 'ALB', 'Albania'], [341, 'MNE', 'Montenegro'],
  [343, 'MKD', 'North Macedonia'], [344, 'HRV', 'Croatia'], [345, 'SRB', 'Serbia (Yugoslavia 1918–2006)'],
  [346, 'BIH', 'Bosnia and Herzegovina'], [347, 'XKX', 'Kosovo'], [349, 'SVN', 'Slovenia'], [350, 'GRC', 'Greece'],
  [352, 'CYP', 'Cyprus'], [355, 'BGR', 'Bulgaria'], [359, 'MDA', 'Moldova'], [360, 'ROU', 'Romania'],
  [365, 'RUS', 'Russia (Soviet Union 1922–1991)'], [366, 'EST', 'Estonia'], [367, 'LVA', 'Latvia'], [368, 'LTU', 'Lithuania'],
  [369, 'UKR', 'Ukraine'], [370, 'BLR', 'Belarus'], [371, 'ARM', 'Armenia'], [372, 'GEO', 'Georgia'], [373, 'AZE', 'Azerbaijan'],
  [375, 'FIN', 'Finland'], [380, 'SWE', 'Sweden'], [385, 'NOR', 'Norway'], [390, 'DNK', 'Denmark'], [395, 'ISL', 'Iceland'],
  [402, 'CPV', 'Cabo Verde'], [403, 'STP', 'São Tomé and Príncipe'], [404, 'GNB', 'Guinea-Bissau'],
  [411, 'GNQ', 'Equatorial Guinea'], [420, 'GMB', 'Gambia'], [432, 'MLI', 'Mali'], [433, 'SEN', 'Senegal'], [434, 'BEN', 'Benin'],
  [435, 'MRT', 'Mauritania'], [436, 'NER', 'Niger'], [437, 'CIV', "Côte d'Ivoire"], [438, 'GIN', 'Guinea'],
  [439, 'BFA', 'Burkina Faso'], [450, 'LBR', 'Liberia'], [451, 'SLE', 'Sierra Leone'], [452, 'GHA', 'Ghana'], [461, 'TGO', 'Togo'],
  [471, 'CMR', 'Cameroon'], [475, 'NGA', 'Nigeria'], [481, 'GAB', 'Gabon'], [482, 'CAF', 'Central African Republic'],
  [483, 'TCD', 'Chad'], [484, 'COG', 'Congo'], [490, 'COD', 'DR Congo'], [500, 'UGA', 'Uganda'], [501, 'KEN', 'Kenya'],
  [510, 'TZA', 'Tanzania'], [511, 'XZZ', 'Zanzibar', 1], [516, 'BDI', 'Burundi'], [517, 'RWA', 'Rwanda'], [520, 'SOM', 'Somalia'],
  [522, 'DJI', 'Djibouti'], [530, 'ETH', 'Ethiopia'], [531, 'ERI', 'Eritrea'], [540, 'AGO', 'Angola'], [541, 'MOZ', 'Mozambique'],
  [551, 'ZMB', 'Zambia'], [552, 'ZWE', 'Zimbabwe'], [553, 'MWI', 'Malawi'], [560, 'ZAF', 'South Africa'], [565, 'NAM', 'Namibia'],
  [570, 'LSO', 'Lesotho'], [571, 'BWA', 'Botswana'], [572, 'SWZ', 'Eswatini'], [580, 'MDG', 'Madagascar'], [581, 'COM', 'Comoros'],
  [590, 'MUS', 'Mauritius'], [591, 'SYC', 'Seychelles'], [600, 'MAR', 'Morocco'], [615, 'DZA', 'Algeria'], [616, 'TUN', 'Tunisia'],
  [620, 'LBY', 'Libya'], [625, 'SDN', 'Sudan'], [626, 'SSD', 'South Sudan'], [630, 'IRN', 'Iran'],
  [640, 'TUR', 'Türkiye (Ottoman Empire to 1922)'], [645, 'IRQ', 'Iraq'], [651, 'EGY', 'Egypt'], [652, 'SYR', 'Syria'],
  [660, 'LBN', 'Lebanon'], [663, 'JOR', 'Jordan'], [666, 'ISR', 'Israel'], [670, 'SAU', 'Saudi Arabia'],
  [678, 'YEM', 'Yemen Arab Republic'], [679, 'YEM', 'Yemen'], [680, 'YMD', "Yemen People's Republic", 1], [690, 'KWT', 'Kuwait'],
  [692, 'BHR', 'Bahrain'], [694, 'QAT', 'Qatar'], [696, 'ARE', 'United Arab Emirates'], [698, 'OMN', 'Oman'],
  [700, 'AFG', 'Afghanistan'], [701, 'TKM', 'Turkmenistan'], [702, 'TJK', 'Tajikistan'], [703, 'KGZ', 'Kyrgyzstan'],
  [704, 'UZB', 'Uzbekistan'], [705, 'KAZ', 'Kazakhstan'], [710, 'CHN', 'China'], [711, 'XTB', 'Tibet', 1], [712, 'MNG', 'Mongolia'],
  [713, 'TWN', 'Taiwan'], [730, 'XKO', 'Korea (to 1910)', 1], [731, 'PRK', 'North Korea'], [732, 'KOR', 'South Korea'],
  [740, 'JPN', 'Japan'], [750, 'IND', 'India'], [760, 'BTN', 'Bhutan'], [770, 'PAK', 'Pakistan'], [771, 'BGD', 'Bangladesh'],
  [775, 'MMR', 'Myanmar'], [780, 'LKA', 'Sri Lanka'], [781, 'MDV', 'Maldives'], [790, 'NPL', 'Nepal'], [800, 'THA', 'Thailand'],
  [811, 'KHM', 'Cambodia'], [812, 'LAO', 'Laos'], [816, 'VNM', 'Vietnam (Democratic Republic of Vietnam to 1976)'],
  [817, 'XRV', 'Republic of Vietnam', 1], [820, 'MYS', 'Malaysia'], [830, 'SGP', 'Singapore'], [835, 'BRN', 'Brunei'],
  [840, 'PHL', 'Philippines'], [850, 'IDN', 'Indonesia'], [860, 'TLS', 'Timor-Leste'], [900, 'AUS', 'Australia'],
  [910, 'PNG', 'Papua New Guinea'], [920, 'NZL', 'New Zealand'], [935, 'VUT', 'Vanuatu'], [940, 'SLB', 'Solomon Islands'],
  [946, 'KIR', 'Kiribati'], [947, 'TUV', 'Tuvalu'], [950, 'FJI', 'Fiji'], [955, 'TON', 'Tonga'], [970, 'NRU', 'Nauru'],
  [983, 'MHL', 'Marshall Islands'], [986, 'PLW', 'Palau'], [987, 'FSM', 'Micronesia'], [990, 'WSM', 'Samoa'],
  [8152, 'XAN', 'Annam (ATOP code 8152)', 1],
];

export const COW_STATES: readonly CowState[] = TABLE.map(([cow, iso3, name, h]) => ({ cow, iso3, name, historical: h === 1 }));

const byCow = new Map(COW_STATES.map((s) => [s.cow, s]));
const byIso = new Map<string, CowState[]>();
for (const s of COW_STATES) byIso.set(s.iso3, [...(byIso.get(s.iso3) ?? []), s]);

export const cowState = (cow: number): CowState | undefined => byCow.get(cow);
/** Every COW code an ISO (or pseudo) code stands for: DEU → 255, 260; YEM → 678, 679. */
export const cowCodesOf = (iso3: string): number[] => (byIso.get(iso3) ?? []).map((s) => s.cow);
export const isKnownCode = (code: string): boolean => byIso.has(code);
export const nameOfCode = (code: string): string | undefined => byIso.get(code)?.at(-1)?.name;

/** Every code of the table once, with the name of its latest COW state (DEU: German Federal Republic → 'Germany …'). */
export const knownCodes = (): { code: string; name: string }[] =>
  [...byIso.keys()].sort().map((code) => ({ code, name: nameOfCode(code)! }));
