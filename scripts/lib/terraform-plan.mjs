// Writes a realistic `terraform plan` (text, as the CLI prints it with -no-color) of about --lines lines, wrapped in a
// decision request body for POST /v1/decisions, for scripts/bench-review.sh. Deterministic (seeded), so runs compare.
//
//   node scripts/lib/terraform-plan.mjs --lines 20000 --out /tmp/body.json [--plan-out /tmp/plan.txt] [--seed 1]
//
// Resources come in the mix of a large estate's plan: mostly creates (instances, buckets, security groups, IAM policies,
// DNS records), in-place updates (`~ attr = "a" -> "b"` beside unchanged attributes and "(N unchanged ... hidden)"), a few
// destroys and `-/+` replacements, some `0.0.0.0/0` ingress; sorted by address as Terraform prints them. The first resource
// is always an open ingress rule, so even the smallest plan has a risk marker. Prints one JSON line: lines, bytes, the last
// resource's address, and the counts in the "Plan:" line.
import { writeFileSync } from 'node:fs';

const options = { lines: 20000, out: '', planOut: '', seed: 1 };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const key = args[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in options)) { process.stderr.write(`terraform-plan: unknown option ${args[i]}\n`); process.exit(2); }
  options[key] = typeof options[key] === 'number' ? Number(args[i + 1]) : args[i + 1];
}

let state = options.seed >>> 0 || 1;
const random = () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return (state >>> 0) / 4294967296; };
const pick = (list) => list[Math.floor(random() * list.length)];
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');

// The attribute lines of one block: [symbol, name, value], where value is text or a nested map or list
// ({ open: '{', items: [...], close: '}' }, items already with their own symbols). Names are padded so the `=` align,
// as Terraform prints them within one block.
function attributes(indent, pairs) {
  const width = Math.max(...pairs.map((p) => p[1].length));
  const lines = [];
  for (const [sym, name, value] of pairs) {
    const lead = `${' '.repeat(indent)}${sym === ' ' ? ' ' : sym} ${name.padEnd(width)} = `;
    if (typeof value === 'string') { lines.push(lead + value); continue; }
    lines.push(lead + value.open);
    for (const item of value.items) lines.push(`${' '.repeat(indent + 4)}${item}`);
    lines.push(`${' '.repeat(indent + 2)}${value.close}`);
  }
  return lines;
}
const map = (...items) => ({ open: '{', items, close: '}' });
const list = (...items) => ({ open: '[', items, close: ']' });

const regions = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const types = ['t3.micro', 't3.small', 't3.medium', 'm6i.large', 'c6i.xlarge'];
const teams = ['payments', 'search', 'identity', 'ledger', 'edge', 'reports'];

function instanceCreate(address, name) {
  return [
    `  # ${address} will be created`,
    `  + resource "aws_instance" "${name}" {`,
    ...attributes(6, [
      ['+', 'ami', `"ami-${hex(17)}"`], ['+', 'arn', '(known after apply)'], ['+', 'associate_public_ip_address', 'false'],
      ['+', 'availability_zone', `"${pick(regions)}"`], ['+', 'cpu_core_count', '(known after apply)'],
      ['+', 'ebs_optimized', 'true'], ['+', 'id', '(known after apply)'], ['+', 'instance_state', '(known after apply)'],
      ['+', 'instance_type', `"${pick(types)}"`], ['+', 'key_name', '"deploy"'], ['+', 'monitoring', 'true'],
      ['+', 'private_ip', '(known after apply)'], ['+', 'public_ip', '(known after apply)'],
      ['+', 'subnet_id', `"subnet-${hex(17)}"`],
      ['+', 'tags', map(`+ "Name" = "${name}"`, `+ "Team" = "${pick(teams)}"`)],
      ['+', 'vpc_security_group_ids', list(`+ "sg-${hex(17)}",`)],
    ]),
    '',
    '      + metadata_options {',
    '          + http_endpoint               = "enabled"',
    '          + http_put_response_hop_limit = 1',
    '          + http_tokens                 = "required"',
    '        }',
    '',
    '      + root_block_device {',
    '          + delete_on_termination = true',
    '          + encrypted             = true',
    '          + iops                  = (known after apply)',
    `          + volume_size           = ${pick([20, 40, 80, 100])}`,
    '          + volume_type           = "gp3"',
    '        }',
    '    }',
  ];
}

function instanceUpdate(address, name) {
  const from = pick(types);
  const to = pick(types.filter((t) => t !== from));
  const minor = Math.floor(random() * 40);
  const [version, next] = [`1.${minor}.0`, `1.${minor + 1}.0`];
  return [
    `  # ${address} will be updated in-place`,
    `  ~ resource "aws_instance" "${name}" {`,
    ...attributes(6, [
      [' ', 'id', `"i-${hex(17)}"`], ['~', 'instance_type', `"${from}" -> "${to}"`],
      ['~', 'tags', map(`~ "Version" = "${version}" -> "${next}"`, '  # (2 unchanged elements hidden)')],
      ['~', 'tags_all', map(`~ "Version" = "${version}" -> "${next}"`, '  # (2 unchanged elements hidden)')],
      [' ', 'user_data_replace_on_change', 'false'],
    ]),
    `        # (${28 + Math.floor(random() * 10)} unchanged attributes hidden)`,
    '',
    `        # (${3 + Math.floor(random() * 4)} unchanged blocks hidden)`,
    '    }',
  ];
}

function bucketCreate(address, name) {
  return [
    `  # ${address} will be created`,
    `  + resource "aws_s3_bucket" "${name}" {`,
    ...attributes(6, [
      ['+', 'acceleration_status', '(known after apply)'], ['+', 'acl', '(known after apply)'], ['+', 'arn', '(known after apply)'],
      ['+', 'bucket', `"acme-${name.replaceAll('_', '-')}"`], ['+', 'bucket_domain_name', '(known after apply)'],
      ['+', 'force_destroy', 'false'], ['+', 'hosted_zone_id', '(known after apply)'], ['+', 'id', '(known after apply)'],
      ['+', 'object_lock_enabled', '(known after apply)'], ['+', 'policy', '(known after apply)'], ['+', 'region', '(known after apply)'],
      ['+', 'tags', map(`+ "Team" = "${pick(teams)}"`)],
    ]),
    '    }',
  ];
}

function securityGroupCreate(address, name, open) {
  const cidr = open ? '0.0.0.0/0' : `10.${Math.floor(random() * 255)}.0.0/16`;
  const port = pick([443, 8443, 5432, 6379, 22]);
  return [
    `  # ${address} will be created`,
    `  + resource "aws_security_group" "${name}" {`,
    '      + arn                    = (known after apply)',
    '      + description            = "Managed by Terraform"',
    '      + egress                 = [',
    '          + {',
    '              + cidr_blocks      = [',
    '                  + "0.0.0.0/0",',
    '                ]',
    '              + from_port        = 0',
    '              + protocol         = "-1"',
    '              + to_port          = 0',
    '            },',
    '        ]',
    '      + id                     = (known after apply)',
    '      + ingress                = [',
    '          + {',
    '              + cidr_blocks      = [',
    `                  + "${cidr}",`,
    '                ]',
    `              + description      = "${open ? 'public' : 'internal'} ${port}"`,
    `              + from_port        = ${port}`,
    '              + protocol         = "tcp"',
    `              + to_port          = ${port}`,
    '            },',
    '        ]',
    `      + name                   = "${name.replaceAll('_', '-')}"`,
    '      + owner_id               = (known after apply)',
    `      + vpc_id                 = "vpc-${hex(17)}"`,
    '    }',
  ];
}

function ingressRuleUpdate(address, name) {
  return [
    `  # ${address} will be updated in-place`,
    `  ~ resource "aws_security_group_rule" "${name}" {`,
    `        id                = "sgrule-${Math.floor(random() * 4e9)}"`,
    '      ~ cidr_blocks       = [',
    '          - "10.0.0.0/8",',
    '          + "0.0.0.0/0",',
    '        ]',
    '        # (6 unchanged attributes hidden)',
    '    }',
  ];
}

function policyCreate(address, name) {
  const wildcard = random() < 0.1;
  return [
    `  # ${address} will be created`,
    `  + resource "aws_iam_role_policy" "${name}" {`,
    '      + id     = (known after apply)',
    `      + name   = "${name.replaceAll('_', '-')}"`,
    '      + policy = jsonencode(',
    '            {',
    '              + Statement = [',
    '                  + {',
    `                      + Action   = ${wildcard ? '"s3:*"' : '[\n                          + "s3:GetObject",\n                          + "s3:PutObject",\n                        ]'}`,
    '                      + Effect   = "Allow"',
    `                      + Resource = "arn:aws:s3:::acme-${name.replaceAll('_', '-')}/*"`,
    '                    },',
    '                ]',
    '              + Version   = "2012-10-17"',
    '            }',
    '        )',
    `      + role   = "${name.replaceAll('_', '-')}-role"`,
    '    }',
  ].flatMap((line) => line.split('\n'));
}

function recordCreate(address, name) {
  return [
    `  # ${address} will be created`,
    `  + resource "aws_route53_record" "${name}" {`,
    '      + allow_overwrite = (known after apply)',
    `      + fqdn            = "${name.replaceAll('_', '-')}.acme.example"`,
    '      + id              = (known after apply)',
    `      + name            = "${name.replaceAll('_', '-')}"`,
    `      + records         = [`,
    `          + "10.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}",`,
    '        ]',
    '      + ttl             = 300',
    '      + type            = "A"',
    `      + zone_id         = "Z${hex(13).toUpperCase()}"`,
    '    }',
  ];
}

function databaseReplace(address, name) {
  return [
    `  # ${address} must be replaced`,
    `-/+ resource "aws_db_instance" "${name}" {`,
    `      ~ address                    = "${name}.c${hex(11)}.eu-west-1.rds.amazonaws.com" -> (known after apply)`,
    `      ~ arn                        = "arn:aws:rds:eu-west-1:123456789012:db:${name}" -> (known after apply)`,
    `      ~ availability_zone          = "eu-west-1a" -> (known after apply)`,
    `      ~ endpoint                   = "${name}.c${hex(11)}.eu-west-1.rds.amazonaws.com:5432" -> (known after apply)`,
    '      ~ engine_version             = "14.10" -> "16.3" # forces replacement',
    `      ~ id                         = "db-${hex(26).toUpperCase()}" -> (known after apply)`,
    `        identifier                 = "${name.replaceAll('_', '-')}"`,
    '      ~ latest_restorable_time     = "2026-11-28T09:14:00Z" -> (known after apply)',
    '      ~ resource_id                = "db-XYZ" -> (known after apply)',
    '      ~ status                     = "available" -> (known after apply)',
    '        # (41 unchanged attributes hidden)',
    '    }',
  ];
}

function bucketDestroy(address, name) {
  return [
    `  # ${address} will be destroyed`,
    `  # (because ${address} is not in configuration)`,
    `  - resource "aws_s3_bucket" "${name}" {`,
    `      - arn                         = "arn:aws:s3:::acme-${name.replaceAll('_', '-')}" -> null`,
    `      - bucket                      = "acme-${name.replaceAll('_', '-')}" -> null`,
    `      - bucket_domain_name          = "acme-${name.replaceAll('_', '-')}.s3.amazonaws.com" -> null`,
    '      - force_destroy               = false -> null',
    `      - hosted_zone_id              = "Z1BKCTXD74EZPE" -> null`,
    `      - id                          = "acme-${name.replaceAll('_', '-')}" -> null`,
    '      - object_lock_enabled         = false -> null',
    '      - region                      = "eu-west-1" -> null',
    '      - request_payer               = "BucketOwner" -> null',
    '      - tags                        = {} -> null',
    '    }',
  ];
}

// [weight, kind, type, make]: the mix of a large estate's change.
const kinds = [
  [30, 'create', 'aws_instance', instanceCreate],
  [18, 'update', 'aws_instance', instanceUpdate],
  [12, 'create', 'aws_s3_bucket', bucketCreate],
  [10, 'create', 'aws_security_group', (a, n) => securityGroupCreate(a, n, random() < 0.15)],
  [10, 'create', 'aws_iam_role_policy', policyCreate],
  [16, 'create', 'aws_route53_record', recordCreate],
  [2, 'update', 'aws_security_group_rule', ingressRuleUpdate],
  [1, 'replace', 'aws_db_instance', databaseReplace],
  [1, 'destroy', 'aws_s3_bucket', bucketDestroy],
];
const nouns = {
  aws_instance: ['web', 'worker', 'api', 'batch'], aws_s3_bucket: ['assets', 'exports', 'backups', 'uploads'],
  aws_security_group: ['ingress', 'internal', 'lb'], aws_iam_role_policy: ['reader', 'writer', 'deployer'],
  aws_route53_record: ['dns', 'api_dns', 'www'], aws_security_group_rule: ['https_in', 'admin_in'], aws_db_instance: ['db', 'ledger_db'],
};
const totalWeight = kinds.reduce((sum, k) => sum + k[0], 0);
function pickKind() {
  let r = random() * totalWeight;
  for (const kind of kinds) { if ((r -= kind[0]) < 0) return kind; }
  return kinds[0];
}

const head = [
  'Terraform used the selected providers to generate the following execution',
  'plan. Resource actions are indicated with the following symbols:',
  '  + create',
  '  ~ update in-place',
  '  - destroy',
  '-/+ destroy and then create replacement',
  '',
  'Terraform will perform the following actions:',
  '',
];
const footerLines = 2; // "Plan: ..." and the blank line before it

const resources = [];
let count = head.length + footerLines;
let serial = 0;
while (count < options.lines) {
  const kind = resources.length === 0 ? kinds.find((k) => k[2] === 'aws_security_group_rule') : pickKind();
  const [, action, type, make] = kind;
  const name = `${pick(teams)}_${pick(nouns[type])}_${String(serial++).padStart(5, '0')}`;
  const inModule = random() < 0.4 ? `module.${pick(teams)}.` : '';
  const address = `${inModule}${type}.${name}`;
  const block = make(address, name);
  resources.push({ address, action, block });
  count += block.length + 1;
}
resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));

const tally = { create: 0, update: 0, destroy: 0, replace: 0 };
const body = [];
for (const r of resources) { body.push(...r.block, ''); tally[r.action]++; }
const plan = [...head, ...body,
  `Plan: ${tally.create + tally.replace} to add, ${tally.update} to change, ${tally.destroy + tally.replace} to destroy.`].join('\n') + '\n';

const request = {
  action: 'terraform:apply',
  resource: `aws/prod/bench-review-${options.lines}`,
  plan: { format: 'terraform', content: plan },
  prompt: `Apply the estate's plan (${resources.length} resources) for scripts/bench-review.sh`,
  toolCall: { tool: 'terraform', args: ['apply', 'plan.out'] },
};
if (options.out) writeFileSync(options.out, JSON.stringify(request));
if (options.planOut) writeFileSync(options.planOut, plan);
const lines = plan.split('\n').length - 1;
process.stdout.write(`${JSON.stringify({
  lines, bytes: Buffer.byteLength(plan), resources: resources.length, last: resources.at(-1).address, ...tally,
})}\n`);
