/**
 * EM Lab as a library: {@link org.emlab.core.api.EmLab} (entry points: labs, presets, replays),
 * {@link org.emlab.core.api.Experiment} (a configured run: lab, parameters, seed, data, horizon; immutable)
 * and {@link org.emlab.core.api.Trajectory} (a finished run's columns as arrays, its data, why it stopped).
 * Usable from jshell and JVM notebooks with the core's class path only (no JavaFX):
 * <pre>
 * ./mvnw -B -q -pl src-core compile
 * jshell --class-path src-core/target/classes:$(cat src-core/target/classpath.txt)
 * jshell&gt; import org.emlab.core.api.*
 * jshell&gt; var t = EmLab.lab("gmm-simplex").set("k", 3).seed(1).run(200)
 * jshell&gt; t.column("kl")
 * </pre>
 * The CLI ({@code ./emlab run}) is a thin layer over {@link org.emlab.core.api.Experiment#stream}.
 */
package org.emlab.core.api;
