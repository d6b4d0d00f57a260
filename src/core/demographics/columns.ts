/**
 * Recognises demographics columns from their headers, in English and French (and the usual
 * German, Spanish, Italian and Dutch headers of partner sites), ignoring case, accents, spaces, underscores, punctuation and bracketed notes (`Date de naissance (JJ/MM/AAAA)`).
 */

/** Header to lower-case ASCII words: `PrénomPatient` → `prenom`, `patient`. */
export function headerWords(header: string): string[] {
  const unbracketed = header.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
  const base = unbracketed.trim() === '' ? header : unbracketed;
  return base
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** The words of a header run together: the form column names are compared in. */
export function headerKey(header: string): string {
  return headerWords(header).join('');
}

const keys = (...list: string[]) => new Set(list);

const FULL_NAME = keys('name', 'names', 'fullname', 'patientname', 'patientsname', 'nameofpatient', 'patientfullname', 'completename',
  'nomcomplet', 'nomprenom', 'nomprenoms', 'nometprenom', 'nometprenoms', 'prenomnom', 'prenometnom', 'identite', 'identitepatient', 'patient');
const FAMILY = keys('lastname', 'last', 'surname', 'familyname', 'family', 'patientlastname', 'patientsurname', 'patientfamilyname',
  'nom', 'noms', 'nomdefamille', 'nomfamille', 'nomusuel', 'nomdusage', 'nomusage', 'nommarital', 'nompatient', 'nomdupatient',
  // German, Spanish, Italian, Dutch: sheets from partner sites.
  'nachname', 'familienname', 'apellido', 'apellidos', 'cognome', 'achternaam');
const GIVEN = keys('firstname', 'first', 'givenname', 'givennames', 'given', 'forename', 'forenames', 'christianname',
  'patientfirstname', 'patientgivenname', 'prenom', 'prenoms', 'prenomusuel', 'prenompatient', 'prenomdupatient',
  'vorname', 'vornamen', 'nombre', 'nome', 'voornaam', 'voornamen');
const BIRTH_NAME = keys('birthname', 'maidenname', 'familynameatbirth', 'patientbirthname', 'nomdenaissance', 'nomnaissance',
  'nomdejeunefille', 'nomjeunefille');
const BIRTH_DATE = keys('birthdate', 'dateofbirth', 'dob', 'birthday', 'born', 'patientbirthdate', 'datenaissance', 'datedenaissance',
  'datenaiss', 'datedenaiss', 'dtnaiss', 'ddn', 'naissance', 'nele', 'nea',
  'geburtsdatum', 'fechadenacimiento', 'datadinascita', 'geboortedatum');
/** A patient's number, compared exactly with PatientID (never `subject_id`: a study's own code). */
const PATIENT_ID = keys('id', 'pid', 'patientid', 'patientsid', 'idpatient', 'npatient', 'nopatient', 'mrn', 'ipp', 'nip', 'nipp', 'medicalrecordnumber',
  'hospitalnumber', 'hospitalid', 'patientnumber', 'numeropatient', 'numpatient', 'identifiantpatient', 'patientidentifier');
const SEX = keys('sex', 'sexe', 'gender', 'genre', 'patientsex', 'patientgender', 'mf', 'hf', 'geschlecht', 'sexo', 'sesso', 'geslacht');

/** Where the columns that describe a patient are, as indices into the header. */
export interface ColumnRoles {
  /** A column holding the whole name. */
  name?: number;
  family?: number;
  given?: number;
  /** Name at birth, when the sheet also has a usual family name: another spelling of the patient. */
  birthName?: number;
  birthDate?: number;
  sex?: number;
  /** A patient id column (`patient_id`, `mrn`, `ipp`, `pid`, `id`…): links by PatientID. */
  id?: number;
}

/** The first column whose key is in `wanted` and not already taken. */
function find(keysOfColumns: string[], wanted: Set<string>, taken: Set<number>): number | undefined {
  const index = keysOfColumns.findIndex((key, column) => wanted.has(key) && !taken.has(column));
  if (index < 0) return undefined;
  taken.add(index);
  return index;
}

/** Finds the name, birth date and sex columns of a header row. */
export function findColumnRoles(headers: readonly string[]): ColumnRoles {
  const columnKeys = headers.map(headerKey);
  const taken = new Set<number>();
  const roles: ColumnRoles = {};
  const assign = (role: keyof ColumnRoles, wanted: Set<string>) => {
    const index = find(columnKeys, wanted, taken);
    if (index !== undefined) roles[role] = index;
  };
  assign('name', FULL_NAME);
  assign('family', FAMILY);
  assign('given', GIVEN);
  assign('birthName', BIRTH_NAME);
  assign('birthDate', BIRTH_DATE);
  assign('sex', SEX);
  assign('id', PATIENT_ID);
  // A sheet with only a birth name and a given name: the birth name is the family name.
  if (roles.family === undefined && roles.birthName !== undefined) {
    roles.family = roles.birthName;
    delete roles.birthName;
  }
  return roles;
}

/** The columns that together spell the patient's name, or undefined when the sheet has none. */
export function nameColumnIndices(roles: ColumnRoles): number[] | undefined {
  if (roles.name !== undefined) return [roles.name];
  if (roles.family !== undefined) return roles.given === undefined ? [roles.family] : [roles.family, roles.given];
  return undefined;
}

/** What a demographics file must hold, as told to a user whose file lacks it. */
export const EXPECTED_NAME_COLUMNS =
  'a "name" column, or family and given name columns such as "last_name"/"first_name", "surname"/"given", "nom"/"prenom", or a patient id column such as "patient_id", "mrn", "ipp"';

const NAME_WORDS = keys('name', 'names', 'nom', 'noms', 'prenom', 'prenoms', 'surname', 'surnames', 'forename', 'forenames', 'firstname',
  'lastname', 'givenname', 'familyname', 'maiden', 'initials', 'initiales', 'initial', 'alias', 'pseudonym', 'nickname', 'surnom',
  'vorname', 'nachname', 'apellido', 'apellidos', 'nome', 'cognome', 'voornaam', 'achternaam');

/** Whether a column holds a name of anyone (patient, relative, doctor…): never shared. */
export function isNameColumn(header: string): boolean {
  const key = headerKey(header);
  if (FULL_NAME.has(key) || FAMILY.has(key) || GIVEN.has(key) || BIRTH_NAME.has(key)) return true;
  return headerWords(header).some((word) => NAME_WORDS.has(word));
}

const IDENTIFYING_WORDS = keys('email', 'emails', 'mail', 'courriel', 'phone', 'phones', 'telephone', 'tel', 'mobile', 'portable',
  'cellphone', 'fax', 'gsm', 'address', 'addresses', 'adresse', 'adresses', 'addr', 'street', 'rue', 'city', 'ville', 'town', 'commune',
  'zip', 'zipcode', 'postcode', 'postal', 'cp', 'ipp', 'mrn', 'nip', 'nss', 'ssn', 'nir', 'insee', 'ins', 'iep', 'nda', 'dossier', 'passport',
  'passeport', 'ip', 'url', 'website', 'twitter', 'facebook', 'contact',
  'strasse', 'telefon', 'plz', 'wohnort', 'direccion', 'telefono', 'correo', 'indirizzo', 'adres', 'telefoon', 'woonplaats', 'bsn');
const IDENTIFYING_KEYS = ['hospitalnumber', 'hospitalid', 'hospitalno', 'patientid', 'patientnumber', 'patientno', 'idpatient', 'numeropatient',
  'socialsecurity', 'securitesociale', 'medicalrecord', 'recordnumber', 'numerodossier', 'numdossier', 'phonenumber', 'emailaddress',
  'birthplace', 'placeofbirth', 'lieudenaissance', 'lieunaissance', 'villedenaissance', 'codepostal', 'accessionnumber', 'healthinsurance',
  'insurancenumber', 'nhsnumber', 'cartevitale', 'driverlicense', 'licensenumber', 'codicefiscale', 'versichertennummer'];
const IDENTIFYING_WHOLE = keys('id', 'pid', 'ids', 'identifier', 'identifiant', 'numero', 'no', 'num', 'number', 'uid', 'guid');

/**
 * Whether a column holds contact details or an identifier that points back to the patient
 * (email, phone, address, hospital number, IPP, MRN, social security…): never shared.
 */
export function isIdentifyingColumn(header: string): boolean {
  const key = headerKey(header);
  if (IDENTIFYING_WHOLE.has(key)) return true;
  if (IDENTIFYING_KEYS.some((part) => key.includes(part))) return true;
  return headerWords(header).some((word) => IDENTIFYING_WORDS.has(word));
}
