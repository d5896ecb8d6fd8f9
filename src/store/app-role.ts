import type { SqlExecutor } from './database';

/** The role row-level security binds (migration 023): the app's work runs as it (`AssociationDatabase`). */
export const APP_ROLE = 'tawasul_app';

/** Tables of the platform itself, which the app's role may not touch. */
const PLATFORM_ONLY = ['platform_events'];

/**
 * Creates the app's role when the server has none yet and grants it what it may touch: every table's rows
 * (row-level security then picks its association's), its own association's id, name and status, and nothing
 * of the platform's log. Run after every migration run, so a table added by a later migration, or a
 * database restored without privileges (pg_restore --no-privileges), gets them too. The owner running it
 * is made a member, so it may `SET ROLE` to it (a superuser may anyway).
 */
export async function grantAppRole(tx: SqlExecutor): Promise<void> {
  await tx.query(`
    DO $$
    BEGIN
      CREATE ROLE ${APP_ROLE} NOLOGIN NOINHERIT;
    EXCEPTION
      -- Roles are the server's, not the database's: another database (or a parallel migrator) made it.
      WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
    DO $$
    BEGIN
      IF NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
        EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
      END IF;
      EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${APP_ROLE}', current_schema());
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO ${APP_ROLE}', current_schema());
      EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO ${APP_ROLE}', current_schema());
    END $$;
    REVOKE ALL ON schema_migrations, associations, ${PLATFORM_ONLY.join(', ')} FROM ${APP_ROLE};
    REVOKE ALL ON SEQUENCE platform_events_id_seq FROM ${APP_ROLE};
    GRANT SELECT ON schema_migrations TO ${APP_ROLE};
    GRANT SELECT (id, name, status, created_at) ON associations TO ${APP_ROLE};
  `);
}
