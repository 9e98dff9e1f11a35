<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>mtlx::ui::ActivationView</name>
    <message>
        <source>fraction of units active per example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nonzero activation value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active units per example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active units per example
appear here after an epoch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation values
appear here after an epoch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a model: the histograms of its probed layer appear after each epoch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probed layer: %1 (%2 units), %3 test examples. Grey: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reference yet (the previous run appears here)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mtlx::ui::ArchitectureDiagram</name>
    <message>
        <source>%1 for the tasks %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a network of widths %1 per task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one shared bottom of widths %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>level %1: experts %2; %3 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stitch rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a tower per task of widths %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the spec cannot be drawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parameter counts: known once the data set is loaded (train once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 parameters in training · %2 serving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input x: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conv %1 (k = %2) → pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shared bottom %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bottom %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tower %1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>small heads: %1
(training only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::CompareDialog</name>
    <message>
        <source>Compare architectures</source>
        <translation>Architekturen vergleichen</translation>
    </message>
    <message>
        <source>Train the current experiment with each architecture ticked, on the same data and seeds:</source>
        <translation>Das aktuelle Experiment mit jeder angekreuzten Architektur trainieren, mit denselben Daten und Seeds:</translation>
    </message>
    <message>
        <source>seeds: </source>
        <translation>Seeds: </translation>
    </message>
    <message>
        <source>Runs per architecture (training seeds seed, seed + 1, …): with 2 or more the table shows mean ± sd</source>
        <translation>Läufe je Architektur (Trainings-Seeds seed, seed + 1, …): ab 2 zeigt die Tabelle Mittelwert ± Standardabweichung</translation>
    </message>
    <message>
        <source>Train and compare</source>
        <translation>Trainieren und vergleichen</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::CompareQueue</name>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 × %3 seed(s), test metrics as mean ± sd over seeds</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 × %3 Seed(s), Testmetriken als Mittelwert ± Standardabweichung über die Seeds</translation>
    </message>
    <message>
        <source>%1 × %2 seeds</source>
        <translation>%1 × %2 Seeds</translation>
    </message>
    <message>
        <source>comparing: %1 (runs %2–%3 of %4, one stacked model)…</source>
        <translation>Vergleich: %1 (Läufe %2–%3 von %4, ein gestapeltes Modell)…</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::ComparisonModel</name>
    <message>
        <source>seeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parameters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mtlx::ui::ComparisonView</name>
    <message>
        <source>Train → Compare architectures… trains several models on this data set and shows them here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p: Welch&apos;s t-test of each model against %1 over seeds (hover for the interval)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mtlx::ui::ConflictView</name>
    <message>
        <source>per level</source>
        <translation>je Ebene</translation>
    </message>
    <message>
        <source>share of steps in conflict</source>
        <translation>Anteil der Schritte im Konflikt</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>gradient cosine</source>
        <translation>Gradienten-Kosinus</translation>
    </message>
    <message>
        <source>Also draw the cosine on each level&apos;s shared experts (models with several levels)</source>
        <translation>Auch den Kosinus auf den geteilten Experten jeder Ebene zeichnen (Modelle mit mehreren Ebenen)</translation>
    </message>
    <message>
        <source>Instead of the epoch&apos;s mean cosine, the share of its measured steps whose cosine was below 0. A mean near 0 can be steps that agree and steps that conflict (a share near one half, as for gradients of random sign) or steps that ignore each other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> level %1</source>
        <translation> Ebene %1</translation>
    </message>
    <message>
        <source>Train a model whose tasks share
parameters: the cosine between
their gradients appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps in conflict</source>
        <translation>Schritte im Konflikt</translation>
    </message>
    <message>
        <source>applied update</source>
        <translation>angewandtes Update</translation>
    </message>
    <message>
        <source>Per task, the cosine of the update the weighting method applied to the shared parameters with that task&apos;s gradient: with linear weights it is the sum&apos;s; a gradient method (PCGrad, CAGrad, Nash-MTL …) shows what it changed</source>
        <translation>Je Aufgabe der Kosinus zwischen dem Update, das die Gewichtungsmethode auf die geteilten Parameter angewandt hat, und dem Gradienten der Aufgabe: bei linearen Gewichten der der Summe; eine Gradientenmethode (PCGrad, CAGrad, Nash-MTL …) zeigt, was sie geändert hat</translation>
    </message>
    <message>
        <source>%1 update · %2</source>
        <translation>%1 Update · %2</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::ExportSizeDialog</name>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>PNG only: 96 writes one pixel per screen pixel, 192 twice as many per side</source>
        <translation>Nur PNG: 96 schreibt ein Pixel je Bildschirmpixel, 192 doppelt so viele je Seite</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::FrontExplorer</name>
    <message>
        <source>&lt;b&gt;One model, every trade-off&lt;/b&gt; — the model at preference r:</source>
        <translation>&lt;b&gt;Ein Modell, jeder Kompromiss&lt;/b&gt; — das Modell bei Präferenz r:</translation>
    </message>
    <message>
        <source>%1 — drag to evaluate the model at another preference.</source>
        <translation>%1 — ziehen, um das Modell bei einer anderen Präferenz auszuwerten.</translation>
    </message>
    <message>
        <source>%1 — evaluating…</source>
        <translation>%1 — wird ausgewertet…</translation>
    </message>
    <message>
        <source>%1 (evaluated on %2 test examples in %3 ms)</source>
        <translation>%1 (ausgewertet auf %2 Testbeispielen in %3 ms)</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::GateHeatmap</name>
    <message>
        <source>gate (softmax)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NativeExpertLF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NativeExpertLF </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No gates yet: train a gated model (MMoE, ML-MMoE, PLE, AdaTT, cross-stitch).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-stitch α: row t mixes the task networks&apos; outputs into task t (learnt, one number per pair, the same for every example).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each row is one gate: its softmax weights over the experts, averaged over the evaluation set; a row sums to 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Grey cells: experts the gate cannot reach.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> AdaTT adds NativeExpertLF (right) to the gate: a unit&apos;s own experts are mixed in with these weights, a fixed 1 when it has one expert.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mtlx::ui::HelpedView</name>
    <message>
        <source>How to read this</source>
        <translation>So liest man das</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::InspectorWindow</name>
    <message>
        <source>Pick examples</source>
        <translation>Beispiele wählen</translation>
    </message>
    <message>
        <source>Knock-outs: each task&apos;s metric, expert zeroed minus kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routing: the chosen examples&apos; gate weights, the mean first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expert inspector — %1</source>
        <translation>Experten-Inspektor — %1</translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples to route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Aufteilung:</translation>
    </message>
    <message>
        <source>Gate:</source>
        <translation>Gate:</translation>
    </message>
    <message>
        <source>For AUC and accuracy a change below 0 is a loss; for mse one above 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples:</source>
        <translation>Beispiele:</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pick examples to see how the gates route them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>wird berechnet…</translation>
    </message>
    <message>
        <source>at random</source>
        <translation>zufällig</translation>
    </message>
    <message>
        <source>this model has no gates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight over the examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expert</source>
        <translation>Experte</translation>
    </message>
    <message>
        <source>α</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gate weight (5–25–50–75–95 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 over %2 %3 examples (boxes 25–75 %, whiskers 5–95 %, line the median). Use (share of the gate&apos;s weight): %4. Entropy %5 nats.%6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Unused at this level (no gate gives them 1 %): %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this model has no experts to knock out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task and its metric</source>
        <translation>Aufgabe und ihre Metrik</translation>
    </message>
    <message>
        <source>expert zeroed</source>
        <translation>abgeschalteter Experte</translation>
    </message>
    <message>
        <source>no examples picked (none has that label?)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mtlx::ui::LessonPanel</name>
    <message>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the window&apos;s views back as they were before the lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mtlx::ui::LossPlot</name>
    <message>
        <source>log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing of the batch losses (an exponential moving average): 0 shows every batch&apos;s loss, 0.99 a slow trend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> small heads (γ·Σ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (ticked runs, validation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Train (Ctrl+R):
each task&apos;s loss appears here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mtlx::ui::MainWindow</name>
    <message>
        <source>MTL Explorer</source>
        <translation>MTL Explorer</translation>
    </message>
    <message>
        <source>jobs: auto</source>
        <translation>Jobs: automatisch</translation>
    </message>
    <message>
        <source>jobs </source>
        <translation>Jobs </translation>
    </message>
    <message>
        <source>Stacks of runs a sweep trains at once (each stack is several runs trained as one model); auto picks them for this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MTL Explorer — %1</source>
        <translation>MTL Explorer — %1</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>unbenannt</translation>
    </message>
    <message>
        <source>the experiment is valid again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open spec…</source>
        <translation>Spezifikation ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open experiment spec</source>
        <translation>Experiment-Spezifikation öffnen</translation>
    </message>
    <message>
        <source>Spec (*.json)</source>
        <translation>Spezifikation (*.json)</translation>
    </message>
    <message>
        <source>Save spec (the experiment only) as…</source>
        <translation>Spezifikation (nur das Experiment) speichern unter…</translation>
    </message>
    <message>
        <source>Save experiment spec</source>
        <translation>Experiment-Spezifikation speichern</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open &amp;workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>Workspace (*.mtlxw)</source>
        <translation>Arbeitsbereich (*.mtlxw)</translation>
    </message>
    <message>
        <source>opened workspace %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save workspace (spec, runs, layout) as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save workspace</source>
        <translation>Arbeitsbereich speichern</translation>
    </message>
    <message>
        <source>workspace saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Add sweep folder to the Pareto view…</source>
        <translation>Sweep-Ordner zur Pareto-Ansicht hinzufügen…</translation>
    </message>
    <message>
        <source>Sweep folder</source>
        <translation>Sweep-Ordner</translation>
    </message>
    <message>
        <source>added %1 to the Pareto view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load reference activations (result.json)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A result.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;results (JSON or CSV)…</source>
        <translation>E&amp;rgebnisse exportieren (JSON oder CSV)…</translation>
    </message>
    <message>
        <source>no finished run to export yet (a sweep&apos;s runs are in its folder and the Runs panel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>Ergebnisse exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>results written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;view (PNG, SVG, PDF)</source>
        <translation>&amp;Ansicht exportieren (PNG, SVG, PDF)</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Loss curves</source>
        <translation>Verlustkurven</translation>
    </message>
    <message>
        <source>Pareto frontier</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>Aktivierungen</translation>
    </message>
    <message>
        <source>Gate weights</source>
        <translation>Gate-Gewichte</translation>
    </message>
    <message>
        <source>Gradient conflict</source>
        <translation>Gradientenkonflikt</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>&amp;Vorlagen</translation>
    </message>
    <message>
        <source>preset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reproduce</source>
        <translation>&amp;Reproduzieren</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>&amp;Trainieren</translation>
    </message>
    <message>
        <source>&amp;Sweep task weights…</source>
        <translation>Aufgaben&amp;gewichte durchlaufen…</translation>
    </message>
    <message>
        <source>&amp;Compare architectures…</source>
        <translation>Architekturen &amp;vergleichen…</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Scrub the selected run&apos;s gate weights and activation histograms through training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> epoch </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Dark palette</source>
        <translation>&amp;Dunkle Farben</translation>
    </message>
    <message>
        <source>&amp;Enlarge view (double-click its title)</source>
        <translation>Ansicht &amp;vergrößern (Doppelklick auf den Titel)</translation>
    </message>
    <message>
        <source>The view under the mouse fills the window; again puts it back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>Anordnung zurücksetzen</translation>
    </message>
    <message>
        <source>%1, epoch %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sweep %1: %2 of %3 runs, hypervolume %4 — %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>epoch %1/%2 · batch %3/%4 · %5 examples/s · %6 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2 — %3 (saved to %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sweep: %1/%2 runs done, %3 running · %4 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w = (%1), seed %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w = (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resuming %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current run</source>
        <translation>aktueller Lauf</translation>
    </message>
    <message>
        <source>sweeping %1 into %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused (the run waits between two batches)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 written to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>Das Training läuft</translation>
    </message>
    <message>
        <source>A run is training. Stop it and quit? The run is saved with status “stopped” (a sweep keeps every run it finished).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation>Stoppen und beenden</translation>
    </message>
    <message>
        <source>Keep training</source>
        <translation>Weiter trainieren</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>Lektionen</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;How to read the views</source>
        <translation>&amp;So liest man die Ansichten</translation>
    </message>
    <message>
        <source>How to read the views</source>
        <translation>So liest man die Ansichten</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>&amp;Lektionen</translation>
    </message>
    <message>
        <source>&amp;About MTL Explorer</source>
        <translation>Ü&amp;ber MTL Explorer</translation>
    </message>
    <message>
        <source>About MTL Explorer</source>
        <translation>Über MTL Explorer</translation>
    </message>
    <message>
        <source>&lt;b&gt;MTL Explorer&lt;/b&gt; %1&lt;br&gt;Multi-task learning models, trained and shown.&lt;br&gt;Every field has a tooltip; every view a folded &apos;How to read this&apos;.&lt;br&gt;The reference is in the docs/ folder of the source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare architectures</source>
        <translation>Architekturen vergleichen</translation>
    </message>
    <message>
        <source> — training…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the run kept no model (no model.pt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wait for the current training to end (or stop it) first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>Training fehlgeschlagen</translation>
    </message>
    <message>
        <source>Data not found</source>
        <translation>Daten nicht gefunden</translation>
    </message>
    <message>
        <source>Download the files named above (docs/data.md says from where), then choose the folder that holds them; the experiment&apos;s data folder is set to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose data folder…</source>
        <translation>Datenordner wählen…</translation>
    </message>
    <message>
        <source>Folder with the data files</source>
        <translation>Ordner mit den Datendateien</translation>
    </message>
    <message>
        <source>data folder set to %1; press Train again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 run file(s) no longer there: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 run file(s) could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the figure&apos;s sweeps are in the Pareto view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: --preference needs a preference-conditioned run (training.preference), this one has no front</source>
        <translation>%1: --preference braucht einen präferenzbedingten Lauf (training.preference), dieser hat keine Front</translation>
    </message>
    <message>
        <source>%1: the run kept no model (no model.pt beside it)</source>
        <translation>%1: der Lauf hat kein Modell behalten (keine model.pt daneben)</translation>
    </message>
    <message>
        <source>--preference: %1 values for %2 tasks</source>
        <translation>--preference: %1 Werte für %2 Aufgaben</translation>
    </message>
    <message>
        <source>%1 (one model)</source>
        <translation>%1 (ein Modell)</translation>
    </message>
    <message>
        <source>one model</source>
        <translation>ein Modell</translation>
    </message>
    <message>
        <source>%1 at r = (%2), seed %3</source>
        <translation>%1 bei r = (%2), Seed %3</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::MatrixPlot</name>
    <message>
        <source>expert</source>
        <translation>Experte</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::ParetoView</name>
    <message>
        <source>task 1 objective (lower is better)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task 2 objective (lower is better)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a sweep (Train ▸ Sweep) or add a sweep folder; click a point to see its run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A linear-scalarisation sweep to judge the others by: each of their seed-mean points is labelled dominated (with the margin) or not (with the hypervolume it adds). A tuned linear scalarisation matches most weighting methods; see docs/metrics.md.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yardstick:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (lower is better)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: w = (%2), seed %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — hypervolume %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a sweep (Train ▸ Sweep task weights)
or add a sweep folder (File).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose a linear-scalarisation sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 seed-mean points dominated by %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — yardstick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 points, 1 model</source>
        <translation>%1 Punkte, 1 Modell</translation>
    </message>
    <message>
        <source>%1 points, %2 models</source>
        <translation>%1 Punkte, %2 Modelle</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::PreferenceSlider</name>
    <message>
        <source>The preference r the model is evaluated at: drag to move along its front.</source>
        <translation>Die Präferenz r, bei der das Modell ausgewertet wird: ziehen, um sich entlang seiner Front zu bewegen.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seeds disagree widely (sd over half the mean): one may be stuck at a bad optimum. Select each run in the Runs panel to see which.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>against %1: difference %2, 95 % interval [%3, %4], Welch&apos;s p %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot reach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss curves</source>
        <translation>Verlustkurven</translation>
    </message>
    <message>
        <source>&lt;b&gt;x&lt;/b&gt;: epochs (fractions within an epoch for the batch curves); &lt;b&gt;y&lt;/b&gt;: each task&apos;s loss (log scale by default). Thin lines are the batch losses, smoothed by the slider; thick lines with markers are the losses evaluated after each epoch: train (solid), validation (dash-dot) and test (dashed). Grey dashes are the small heads&apos; own loss, kept apart from the task&apos;s. &lt;b&gt;Good&lt;/b&gt;: validation follows train down. &lt;b&gt;Bad&lt;/b&gt;: validation turns up while train keeps falling (overfitting), or one task&apos;s curve stalls while the other falls (the tasks compete for the shared layers). Ticked runs of the Runs panel add their validation curves in the colour of their swatch there (one line style per task).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient conflict</source>
        <translation>Gradientenkonflikt</translation>
    </message>
    <message>
        <source>Gate weights</source>
        <translation>Gate-Gewichte</translation>
    </message>
    <message>
        <source>Rows are gates (one per task, or per next-level expert), columns are experts; a cell is the softmax weight the gate gives the expert, averaged over the test examples (0 white … 1 dark). &lt;b&gt;Specialised&lt;/b&gt;: each task&apos;s row puts its weight on different experts (what MMoE learns for unrelated tasks). &lt;b&gt;Shared&lt;/b&gt;: all rows alike (related tasks). A row spread evenly means the gate has not chosen. Grey &apos;–&apos; cells cannot be reached (PLE). AdaTT&apos;s NativeExpertLF weights are a separate matrix with their own diverging scale. The AdaTT paper&apos;s Fig. 3 shows these matrices for tasks of different correlation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>Aktivierungen</translation>
    </message>
    <message>
        <source>Histograms of the probed shared layer on the test set: left, per example the fraction of units that are nonzero (after ReLU); right, the nonzero values. Counts are fractions so that runs compare. This is Fig. 7 of &apos;Can Small Heads Help?&apos;: with small heads the shared layer has &lt;b&gt;more active units per example&lt;/b&gt; (the left histogram moves right) and a &lt;b&gt;longer tail&lt;/b&gt; of large values (the right one reaches further). The reference (grey) is the previous run or a result.json you load.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pareto frontier</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <source>Each point is one run of a task-weight sweep: &lt;b&gt;x&lt;/b&gt; and &lt;b&gt;y&lt;/b&gt; are two tasks&apos; test metrics (lower is better for losses and errors, higher for AUC and accuracy, as the axis says). The line joins the non-dominated points (with several seeds: the seed means at each task weight): nothing else is better on both tasks. A frontier &lt;b&gt;closer to the ideal corner&lt;/b&gt; is a better model for every trade-off; the hypervolume in the legend measures that area. The view zooms to runs that train every task (weights &gt; 0); the weight-0 extremes are outside it. Runs ticked in the Runs panel appear too, one configuration per model. Fig. 1 of &apos;Can Small Heads Help?&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>The model as specified: inputs at the bottom, experts or shared layers in the middle, a tower per task on top; arrows are gates. Counts are trainable parameters for training and for serving (small heads are dropped at serving time).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Every run you have: trained in this session, autosaved earlier, or opened. Tick runs to overlay their curves; select one to see its gates and histograms (and scrub its epochs with the slider). Test metrics are each task&apos;s headline metric.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Architectures trained on the same data with the same seeds: each cell is the mean ± standard deviation over seeds of a task&apos;s test metric; the best mean per column is bold. With one seed there is no spread: do not read small differences as an ordering. Below, each model&apos;s gate matrix of its first seed, side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>level %1 · gate %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — &lt;i&gt;not measured yet: set the step up&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#1a7f37&apos;&gt;agrees&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#b42318&apos;&gt;does not agree&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the paper: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h4&gt;What these runs measured&lt;/h4&gt;&lt;ul&gt;%1&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>summed test loss %1 %2 vs %3 %4; difference %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both tasks&apos; test losses fall from the first epoch to the last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the frontier bends: three or more runs are non-dominated and along them each task&apos;s loss changes by more than 5 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 non-dominated runs; the losses change by %2 and %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a task with weight 0 is not learnt: its loss is over twice the frontier&apos;s best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>task 1&apos;s loss %1 at w₁ = 0 against %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the run at w₁ = ½ is within 10 % of each task&apos;s best loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2 above the best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 · Task weights and the Pareto frontier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One model, two tasks: every weighting of the losses is a different trade-off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two tasks, one shared network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two regression tasks from the MMoE paper&apos;s generator, here &lt;b&gt;unrelated&lt;/b&gt; (ρ = 0), share a bottom layer; each has its own tower. The loss is w₁·L₁ + w₂·L₂ with w₁ = w₂ = 1. Press the button and watch the two loss curves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up and train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep the weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now train the same model for w₁ = 0, 1/6, …, 1 (w₂ = 1 − w₁). Each run lands as one point in the &lt;b&gt;Pareto frontier&lt;/b&gt; view: its two test losses. The runs with a weight of 0 are out of the picture (the view zooms to the runs that train both tasks).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up and sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the frontier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points joined by the line are &lt;b&gt;non-dominated&lt;/b&gt;: no other run is better on both tasks. Moving along the line trades one task for the other; there is no single best model, only a best model for each preference. The hypervolume in the legend measures how close the whole frontier is to the ideal corner. Look at the middle of the line: how much does an even weighting cost each task?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at ρ = 0.9 the two gates weigh the experts alike: their rows differ by less than a quarter of the weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the rows differ by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at ρ = 0 the gate rows differ more than at ρ = 0.9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at ρ = 0 vs %2 at ρ = 0.9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>related tasks are learnt better together: the summed test loss is lower at ρ = 0.9 than at ρ = 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at ρ = 0.9 vs %2 at ρ = 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 · Task correlation and MMoE&apos;s gates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How similar two tasks are decides how much they should share (Ma et al. 2018).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Related tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The synthetic data of the MMoE paper lets you set the correlation ρ between two regression tasks. Start with ρ = 0.9 and an MMoE of 8 experts, then look at the &lt;b&gt;gate weights&lt;/b&gt;: one row per task, one column per expert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ = 0.9: train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unrelated tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now ρ = 0: the tasks have nothing in common. Train again and compare the gate matrix with the previous one (select a run in the Runs panel to show its gates; both runs are ticked, their names say which ρ each has).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ρ = 0: train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gates against a shared bottom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare MMoE with a shared bottom at ρ = 0.5: the comparison trains both on the same data, 2 seeds each, and gives mean ± sd. The MMoE paper found MMoE ahead, and the gap growing as ρ falls: a shared bottom must serve both tasks with one representation, gates can split it. Whether two seeds of a short run show it is below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare at ρ = 0.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMoE reaches a lower summed test loss than the shared bottom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with the small heads both tasks&apos; test losses are lower</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> vs </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with vs without: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with the small heads the activated values reach further: the 99th percentile is higher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 with heads vs %2 without</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more units are active per example with the small heads (Fig. 7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the units active with heads vs %2 without</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 · Small heads (Fig. 1 and Fig. 7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An under-parameterised extra head on the shared layer, trained and thrown away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model without heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the sine task&apos;s shared bottom without small heads and look at the &lt;b&gt;activations&lt;/b&gt; view: how many of the shared layer&apos;s units are active per example, and how large the active values are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train without heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same model with a linear small head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now with the paper&apos;s linear small head per task (γ weights its loss, τ its temperature). The previous run becomes the grey reference, and both histograms share their bins. The heads&apos; own loss is drawn apart in the loss view. The paper (Fig. 7) found more units active per example and a longer tail of large values; what these runs show is below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train with heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frontiers (Fig. 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two runs are two points of the &lt;b&gt;Pareto frontier&lt;/b&gt; view: a run that is lower on both tasks dominates the other. Fig. 1 compares whole frontiers with and without heads for towers of 0 to 9 layers: Presets ▸ Reproduce ▸ sh-fig1a and sh-fig1bc run it (quick scale: minutes) and draw the figures; docs/reproduction.md says which claims this program reproduces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdaTT&apos;s gates put most of their softmax weight on the task&apos;s own expert (a share above ½, over both levels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>own share %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdaTT reaches a lower summed test loss than PLE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4 · AdaTT&apos;s fusion against PLE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two ways to mix task-specific and shared experts (Li et al. 2023, Tang et al. 2020).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdaTT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdaTT gives every task its own experts and fuses them with the other tasks&apos; through gates, plus a direct &apos;native&apos; connection to its own experts (NativeExpertLF). Train it and look at the gate view: two matrices, the gates and the native weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train AdaTT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PLE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PLE also has task and shared experts, but a task&apos;s gate can only reach its own and the shared ones: the grey &apos;–&apos; cells. Compare all three with MMoE on the same data, 2 seeds each: the table gives mean ± sd over seeds, the gate matrices sit side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare MMoE, PLE, AdaTT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the paper claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AdaTT paper reports AdaTT ahead of PLE and multi-level MMoE on Census-Income (Table 5). Presets ▸ Reproduce ▸ adatt-table5 runs that comparison with error bars. With two seeds a difference has to be large to stand out from the spread: the table&apos;s p is Welch&apos;s test of each model against the first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at ρ = 0.9 the tasks&apos; gradients agree: the epochs&apos; mean cosine is above 0.2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean cosine %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at ρ = 0 the cosine is lower than at ρ = 0.9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at ρ = 0 more of the sampled steps conflict (cosine below 0) than at ρ = 0.9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the steps at ρ = 0 vs %2 at ρ = 0.9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PCGrad changes each task&apos;s test loss by less than 1 % here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5 · Gradient conflicts and PCGrad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When two tasks&apos; gradients point apart, a plain sum partly cancels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Related tasks pull together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a shared bottom on two related tasks (ρ = 0.9) with plain linear weighting. The &lt;b&gt;gradient conflict&lt;/b&gt; view shows the cosine between the two tasks&apos; gradients on the shared layer, epoch by epoch: above 0 the tasks push the shared weights the same way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train at ρ = 0.9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now ρ = 0; both runs stay ticked. Single steps can conflict where the epoch mean hides it: tick &lt;i&gt;share of steps in conflict&lt;/i&gt; under the view. Anti-correlated tasks (ρ = −0.9) look like related ones here: the towers can flip a sign, so opposite labels are not opposite gradients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train at ρ = 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PCGrad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PCGrad (Yu et al. 2020) removes from each task&apos;s gradient its component along any other task&apos;s gradient it conflicts with, step by step. Train ρ = 0 with PCGrad beside the linear run (the cosine is measured before the projection). PCGrad can only help where conflicts are large and systematic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train with PCGrad at ρ = 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;x&lt;/b&gt;: epochs; &lt;b&gt;y&lt;/b&gt;: the cosine between two tasks&apos; gradients on the parameters they share (experts, the shared bottom), averaged over the steps sampled in the epoch. &lt;b&gt;Near 1&lt;/b&gt;: the tasks pull the shared layers the same way (they help each other). &lt;b&gt;Near 0&lt;/b&gt;: they ignore each other. &lt;b&gt;Below 0&lt;/b&gt;: they conflict, and a plain sum of the gradients partly cancels: this is what PCGrad (Yu et al. 2020) projects away and what gated models (MMoE, PLE, AdaTT) try to route around. &apos;per level&apos; splits a multi-level model&apos;s cosine by level. &apos;share of steps in conflict&apos; shows instead, per epoch, the share of the sampled steps whose cosine was below 0 (the dotted line at one half is what gradients of random sign would give): a mean near 0 can hide many conflicting steps. &apos;applied update&apos; adds, per task, the cosine of the update the weighting method actually applied to the shared parameters with that task&apos;s gradient (dash-dotted): a gradient method such as PCGrad, CAGrad or Nash-MTL shows there which task its update favours. Compare runs by ticking them, e.g. the same model with linear weighting and with PCGrad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one model spans the trade-off: from r = (0, 1) to r = (1, 0) the two tasks&apos; test losses move in opposite directions, each by more than 5 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 %3, %4 %5 %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COSMOS&apos;s aim: the one model&apos;s front has the hypervolume of the sweep&apos;s runs within 5 % (the models that trained both tasks, one reference point for both)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hypervolume %1 (one model) vs %2 (%3 runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One model, every trade-off</source>
        <translation>Ein Modell, jeder Kompromiss</translation>
    </message>
    <message>
        <source>The sweep trained one model per weight. A &lt;b&gt;preference-conditioned&lt;/b&gt; model (COSMOS) trains once: each batch draws a preference r, the network reads r beside its input, and the loss is Σ rₜ·Lₜ − λ·cos(r, L). Afterwards it is evaluated at 11 preferences — its front appears beside the sweep&apos;s. &lt;b&gt;Drag the slider&lt;/b&gt; under the view: the marked point moves along the front as the model answers for each r. Which way does it move? The cosine term asks for a loss vector &lt;i&gt;parallel&lt;/i&gt; to r. (The legend&apos;s hypervolumes count the sweep&apos;s weight-0 runs, whose untrained task sets the reference point; the claim below counts the models that trained both tasks.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up and train one model</source>
        <translation>Einrichten und ein Modell trainieren</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::ReproduceDialog</name>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Reproduce a published result</source>
        <translation>Ein veröffentlichtes Ergebnis reproduzieren</translation>
    </message>
    <message>
        <source>quick (minutes)</source>
        <translation>schnell (Minuten)</translation>
    </message>
    <message>
        <source>paper (the paper&apos;s protocol: hours to days)</source>
        <translation>Paper (das Protokoll des Papers: Stunden bis Tage)</translation>
    </message>
    <message>
        <source>Sweeps and results go here; the same folder resumes (also from mtlx-cli reproduce).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>Reproduction folder</source>
        <translation>Ordner der Reproduktion</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Umfang</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>stopping after the current batch…</source>
        <translation>hält nach dem aktuellen Batch an…</translation>
    </message>
    <message>
        <source>stopping…</source>
        <translation>hält an…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;The paper: %2&lt;br&gt;%3 scale: %4 (%5 runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick</source>
        <translation>Schnell</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>No report in this folder yet: Start runs it.</source>
        <translation>Noch kein Bericht in diesem Ordner: Start erstellt ihn.</translation>
    </message>
    <message>
        <source>the report in %1 (Start goes on from there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>startet…</translation>
    </message>
    <message>
        <source>experiment %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 of %2 runs of this experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>figures updated</source>
        <translation>Abbildungen aktualisiert</translation>
    </message>
    <message>
        <source>stopped: Start goes on where it left off</source>
        <translation>angehalten: Start macht dort weiter, wo es aufgehört hat</translation>
    </message>
    <message>
        <source>%1 runs trained in %2; %3 were there already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — %1 verdicts</source>
        <translation> — %1 Urteile</translation>
    </message>
    <message>
        <source>The figures appear here as the experiments finish.</source>
        <translation>Die Abbildungen erscheinen hier, sobald die Experimente fertig sind.</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>stopped at %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done: </source>
        <translation>fertig: </translation>
    </message>
    <message>
        <source>stopping: the runs in training end their current batch and are kept…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in the Pareto view</source>
        <translation>In der Pareto-Ansicht öffnen</translation>
    </message>
    <message>
        <source>The figure&apos;s sweep folders in the window&apos;s Pareto view, where points can be clicked and the yardstick changed</source>
        <translation>Die Sweep-Ordner der Abbildung in der Pareto-Ansicht des Fensters, wo Punkte angeklickt und der Maßstab gewechselt werden kann</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::RunHistory</name>
    <message>
        <source>no finished run to export yet</source>
        <translation>noch kein fertiger Lauf zum Exportieren</translation>
    </message>
    <message>
        <source>: cannot write</source>
        <translation>: kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>: write failed</source>
        <translation>: Schreiben fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::RunsModel</name>
    <message>
        <source> · can resume</source>
        <translation> · fortsetzbar</translation>
    </message>
    <message>
        <source>the trained model is kept in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped after an epoch: Resume goes on from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>nicht gespeichert</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>Spezifikation</translation>
    </message>
    <message>
        <source>Test metrics</source>
        <translation>Testmetriken</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::RunsPanel</name>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Inspect…</source>
        <translation>Untersuchen…</translation>
    </message>
    <message>
        <source>Tick runs to overlay them in the loss, gradient-conflict and activation views; select one to show its gates and histograms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go on training a stopped run from its last finished epoch (its checkpoint.pt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expert inspector on the run&apos;s saved model: gate weights per example, expert use, knock-outs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <source>Add a result.json, or a sweep folder&apos;s runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A result.json or a sweep&apos;s runs.jsonl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results (*.json *.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open runs</source>
        <translation>Läufe öffnen</translation>
    </message>
    <message>
        <source>no such run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>Lauf umbenennen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>Lauf löschen</translation>
    </message>
    <message>
        <source>Move the run&apos;s folder %1 to the trash too?
(No: only take it out of this list.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export run</source>
        <translation>Lauf exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mtlx::ui::ScriptedShot</name>
    <message>
        <source>%1: cannot write the screenshot</source>
        <translation>%1: das Bildschirmfoto kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>mtlx::ui::SpecEditor</name>
    <message>
        <source>What the data holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the data set and show its splits, input width, each task&apos;s labels and every column&apos;s encoding (as mtlx-cli data prints them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 is outside %3; it stays %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the data set …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot load the data: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data set changed: ask again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mtlx::ui::SweepDialog</name>
    <message>
        <source>Sweep task weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grid points per simplex edge: two tasks give this many weightings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs per weighting with seeds seed, seed + 1, …: the frontier is averaged over them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeds per point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Start sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 runs&lt;/b&gt; (%2 weightings × %3 seeds), %4 epochs each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;measuring this machine&apos;s speed for an estimate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;no time estimate: the model could not be measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;%1 examples/s over all runs; the time depends on the data set&apos;s size (known once loaded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;about &lt;b&gt;%1&lt;/b&gt; of training (%2 examples/s over all runs, measured now; evaluation adds a little)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
