import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { StorageError } from '../errors/index.ts';
import type { DoctorReport } from '../library/doctor.ts';
import type { CliContext } from './program.ts';

export function registerDoctorCommand(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description("check the library's database and search index (integrity_check, FTS5 integrity-check)")
    .option('--rebuild-index', 'rebuild the full-text search index from the stored papers')
    .action(async (options: { rebuildIndex?: boolean }) => {
      const [{ DATABASE_FILE_NAME, describeDamage, openDatabase }, { runDoctor }, { systemClock }] = await Promise.all([
        import('../library/database.ts'),
        import('../library/doctor.ts'),
        import('../clock.ts'),
      ]);
      const file = join(ctx.config().dataDir, DATABASE_FILE_NAME);
      if (!existsSync(file)) {
        ctx.print(`No library at ${file} yet: nothing to check.`);
        return;
      }
      ctx.notice(`Checking ${file} (${megabytes(statSync(file).size)}); a large library takes minutes.`);
      // Unchecked: the start-up check would refuse the very file the doctor is here to look at.
      const db = openDatabase(file, { log: ctx.log(), check: false });
      try {
        const report = runDoctor(db, { clock: systemClock, rebuildIndex: options.rebuildIndex === true });
        const papers = Number((db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n);
        for (const line of formatReport(report, papers)) ctx.print(line);
        if (report.dataDamaged) {
          throw new StorageError('corrupt', file, `PRAGMA integrity_check found ${describeDamage(report.storage)}`);
        }
        if (!report.healthy) {
          const problem = report.indexes.find((i) => i.problem)?.problem ?? describeDamage(report.storage);
          throw new StorageError('index_corrupt', file, `the full-text index is damaged: ${problem}`);
        }
      } finally {
        db.close();
      }
    });
}

function formatReport(report: DoctorReport, papers: number): string[] {
  const { storage } = report;
  const lines = [
    `integrity_check: ${storage.ok ? 'ok' : `damaged`}`,
    ...storage.damaged.map((t) => `  ${t.table}${t.index ? ' (search index)' : ''}: ${t.problems.join('; ')}`),
    ...storage.unplaced.map((problem) => `  ${problem}`),
  ];
  for (const index of report.indexes) {
    const rebuilt = index.rebuilt
      ? `rebuilt from ${papers} papers${index.rebuilt === 'recreated' ? ' (recreated)' : ''}, `
      : '';
    lines.push(`search index ${index.name}: ${rebuilt}${index.problem ? `damaged: ${index.problem}` : 'ok'}`);
  }
  if (report.recordedDamage && report.healthy) {
    lines.push(`cleared the record of damage (${report.recordedDamage.reason}, since ${report.recordedDamage.since})`);
  }
  return lines;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
