#!/usr/bin/env python3
"""Generates the typed OCPP 1.6 message records (one type per file) from the official schemas in
ocpp-schemas/. Run from the repository root: python3 src/OliMove.Ocpp/Messages/generate_messages.py
The generated files are committed; rerun only if the schemas change."""
import glob, json, os, re

ROOT = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(ROOT, '..', '..', '..', 'ocpp-schemas')

# Enum names from OCPP 1.6 §7 where the spec names the type; keyed by the first two values of the set.
ENUM_NAMES = {
    ('Accepted', 'Blocked'): 'AuthorizationStatus', ('Accepted', 'Pending'): 'RegistrationStatus',
    ('Accepted', 'Rejected'): 'AcceptanceStatus', ('Inoperative', 'Operative'): 'AvailabilityType',
    ('Accepted', 'Rejected', 'Scheduled'): 'AvailabilityStatus',
    ('Accepted', 'Rejected', 'RebootRequired'): 'ConfigurationStatus',
    ('ChargePointMaxProfile', 'TxDefaultProfile'): 'ChargingProfilePurposeType',
    ('Accepted', 'Unknown'): 'ClearChargingProfileStatus', ('Accepted', 'Rejected', 'UnknownMessageId'): 'DataTransferStatus',
    ('Idle', 'Uploaded'): 'DiagnosticsStatus', ('Downloaded', 'DownloadFailed'): 'FirmwareStatus',
    ('A', 'W'): 'ChargingRateUnitType', ('Interruption.Begin', 'Interruption.End'): 'ReadingContext',
    ('Raw', 'SignedData'): 'ValueFormat', ('Energy.Active.Export.Register', 'Energy.Active.Import.Register'): 'Measurand',
    ('L1', 'L2'): 'Phase', ('Cable', 'EV'): 'Location', ('Wh', 'kWh'): 'UnitOfMeasure',
    ('Absolute', 'Recurring'): 'ChargingProfileKindType', ('Daily', 'Weekly'): 'RecurrencyKindType',
    ('Accepted', 'Faulted'): 'ReservationStatus', ('Hard', 'Soft'): 'ResetType', ('Differential', 'Full'): 'UpdateType',
    ('Accepted', 'Failed'): 'UpdateStatus', ('Accepted', 'Rejected', 'NotSupported'): 'ChargingProfileStatus',
    ('ConnectorLockFailure', 'EVCommunicationError'): 'ChargePointErrorCode', ('Available', 'Preparing'): 'ChargePointStatus',
    ('EmergencyStop', 'EVDisconnected'): 'Reason', ('BootNotification', 'DiagnosticsStatusNotification'): 'MessageTrigger',
    ('Accepted', 'Rejected', 'NotImplemented'): 'TriggerMessageStatus', ('Unlocked', 'UnlockFailed'): 'UnlockStatus',
}
OBJECT_NAMES = {'csChargingProfiles': 'ChargingProfile', 'transactionData': 'MeterValue', 'meterValue': 'MeterValue',
                'sampledValue': 'SampledValue', 'chargingSchedulePeriod': 'ChargingSchedulePeriod',
                'configurationKey': 'ConfigurationKey', 'localAuthorizationList': 'AuthorizationData'}
# Fields the schema types as "number" that are whole numbers (OCPP-J errata 2.4: interval is an integer).
INTEGER_NUMBERS = {('BootNotificationResponse', 'interval')}

files = {}

def pascal(name):
    return name[0].upper() + name[1:]

def enum_member(value):
    return re.sub(r'[^A-Za-z0-9]', '', value[0].upper() + value[1:])

def enum_type(values):
    key2, key3 = tuple(values[:2]), tuple(values[:3])
    name = ENUM_NAMES.get(key3) or ENUM_NAMES[key2]
    if name not in files:
        lines = ['namespace OliMove.Ocpp.Messages;', '',
                 '/// <summary>OCPP 1.6 enumeration; generated from the official schemas.</summary>',
                 f'public enum {name}', '{']
        if any(enum_member(v) != v for v in values):
            lines = ['using System.Runtime.Serialization;', ''] + lines
        for v in values:
            if enum_member(v) != v:
                lines.append(f'    [EnumMember(Value = "{v}")]')
            lines.append(f'    {enum_member(v)},')
        lines.append('}')
        files[name] = '\n'.join(lines) + '\n'
    return name

def prop_type(owner, name, spec):
    t = spec.get('type')
    if 'enum' in spec:
        return enum_type(spec['enum'])
    if t == 'string':
        return 'DateTimeOffset' if spec.get('format') == 'date-time' else 'string'
    if t == 'integer':
        return 'int'
    if t == 'number':
        return 'int' if (owner, name) in INTEGER_NUMBERS else 'decimal'
    if t == 'boolean':
        return 'bool'
    if t == 'object':
        return object_type(OBJECT_NAMES.get(name, pascal(name)), spec)
    if t == 'array':
        item = spec['items']
        singular = OBJECT_NAMES.get(name, pascal(name))
        return f'IReadOnlyList<{prop_type(owner, singular[0].lower() + singular[1:], item) if item.get("type") != "object" else object_type(singular, item)}>'
    raise ValueError(f'{owner}.{name}: {spec}')

def object_type(name, spec, summary=None, action=None):
    required = set(spec.get('required', []))
    body = []
    declaration = f'public sealed record {name}'
    if action is not None:
        # The request names its action and its response type, so that no route or call spells the action.
        declaration += f' : IOcppRequest<{name}, {action}Response>'
        body += [f'    public static string Action => "{action}";', '']
    for pname, pspec in spec.get('properties', {}).items():
        ctype = prop_type(name, pname, pspec)
        if pname in required:
            body.append(f'    [JsonProperty("{pname}", Required = Required.Always)]')
            body.append(f'    public required {ctype} {pascal(pname)} {{ get; init; }}')
        else:
            body.append(f'    [JsonProperty("{pname}", NullValueHandling = NullValueHandling.Ignore)]')
            body.append(f'    public {ctype}? {pascal(pname)} {{ get; init; }}')
        body.append('')
    usings = ['using Newtonsoft.Json;', ''] if spec.get('properties') else []
    text = '\n'.join(usings + ['namespace OliMove.Ocpp.Messages;', '',
                      f'/// <summary>{summary or "OCPP 1.6 data type"}; generated from the official schemas.</summary>',
                      declaration, '{'] + body[:-1] + ['}']) + '\n'
    if name in files and files[name] != text:
        raise ValueError(f'two shapes for {name}')
    files[name] = text
    return name

for path in sorted(glob.glob(os.path.join(SCHEMAS, '*.json'))):
    action = os.path.basename(path)[:-5]
    schema = json.load(open(path))
    name = action if action.endswith('Response') else action + 'Request'
    object_type(name, schema, f'Payload of OCPP 1.6 {action}{"" if action.endswith("Response") else " request"}',
                None if action.endswith('Response') else action)

for name, text in files.items():
    with open(os.path.join(ROOT, name + '.cs'), 'w') as f:
        f.write(text)
print(len(files), 'files')
