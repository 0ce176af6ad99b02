/**
 * The standalone ZEO server and its operations: the {@code zeo} command ({@link io.zeo.server.Main}).
 *
 * <pre>
 * zeo serve --config /etc/zeo/zeo.properties          # or --storage NAME=URI --listen ADDR ...
 * zeo pack ADDR --storage NAME [--days N | --before TIME] [--wait]
 * zeo up ADDR [--storage NAME] [--write] [--timeout DURATION]
 * zeo status ADDR [--storage NAME]...
 * zeo copy SRC_URI DST_URI [--resume]
 * zeo verify FILE
 * zeo recover FILE OUT
 * zeo users FILE add|remove|passwd|list
 * zeo cache-stats TRACE [--simulate SIZES]
 * </pre>
 *
 * {@link io.zeo.server.ExitCodes} lists the exit statuses; {@code docs/operations.md} shows a
 * production setup (config file, systemd, cron pack, liveness check). Everything else lives in
 * {@code io.zeo.server.internal}.
 */
package io.zeo.server;
