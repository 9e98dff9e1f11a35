// The experiment editor: it shows the spec it is given, every accepted edit produces the spec
// it shows, a bad value is refused at the field with the reason, and the fields follow the
// architecture.
#include <QApplication>
#include <QWheelEvent>
#include <QtTest>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "core/engine/datasummary.h"
#include "core/spec/presets.h"
#include "ui/speceditor.h"

class TestSpecEditor : public QObject {
    Q_OBJECT
    template <typename W> W* field(mtlx::ui::SpecEditor& e, const char* path)
    {
        auto* w = e.findChild<W*>(path);
        if (!w) qFatal("no field %s", path);
        return w;
    }
    void typeInto(QLineEdit* line, const QString& text)
    {
        line->setText(text);
        Q_EMIT line->editingFinished();
    }

private Q_SLOTS:
    void showsThePresetAndProducesTheEditedSpec()
    {
        mtlx::ui::SpecEditor editor;
        editor.setSpec(mtlx::presetSpec("sine-small-heads"));
        QCOMPARE(field<QLineEdit>(editor, "model.towers")->text(), QString("100, 100, 100"));
        QCOMPARE(field<QComboBox>(editor, "heads.kind")->currentText(), QString("linear"));
        QSignalSpy changed(&editor, &mtlx::ui::SpecEditor::specChanged);
        typeInto(field<QLineEdit>(editor, "model.towers"), "64, 32");
        field<QDoubleSpinBox>(editor, "heads.gamma")->setValue(0.5);
        field<QComboBox>(editor, "training.weighting")->setCurrentText("pcgrad");
        QCOMPARE(changed.count(), 3);
        const auto& s = editor.spec();
        QCOMPARE(s.model.towers, (std::vector<std::int64_t>{64, 32}));
        QCOMPARE(s.heads.gamma, 0.5);
        QCOMPARE(s.training.weighting, std::string("pcgrad"));
        // The signal carries the same spec, and it is a complete valid spec.
        const auto last = changed.last().at(0).value<mtlx::ExperimentSpec>();
        QCOMPARE(mtlx::experimentToJson(last), mtlx::experimentToJson(s));
        QCOMPARE(mtlx::experimentToJson(mtlx::experimentFromJson(mtlx::experimentToJson(s))),
                 mtlx::experimentToJson(s));
    }

    void aBadValueIsRefusedWithTheReason()
    {
        mtlx::ui::SpecEditor editor;
        editor.setSpec(mtlx::presetSpec("sine-shared-bottom"));
        QSignalSpy validity(&editor, &mtlx::ui::SpecEditor::validityChanged);
        auto* towers = field<QLineEdit>(editor, "model.towers");
        typeInto(towers, "64, x");
        QVERIFY(!editor.isValid());
        QCOMPARE(editor.spec().model.towers, (std::vector<std::int64_t>{100, 100, 100})); // not taken
        QVERIFY(editor.errorText().startsWith("model.towers: 'x' is not a width"));
        QCOMPARE(validity.last().at(0).toBool(), false);
        QVERIFY(towers->styleSheet().contains("background"));
        QVERIFY(editor.findChild<QLabel*>("specError")->text().contains("model.towers"));
        // A value the spec refuses as a whole: task weights of the wrong length.
        typeInto(field<QLineEdit>(editor, "training.task_weights"), "1");
        QVERIFY(editor.errorText().contains("training.task_weights: has 1 weights for 2 tasks"));
        // Fixing it makes the spec valid again.
        typeInto(field<QLineEdit>(editor, "training.task_weights"), "0.3, 0.7");
        typeInto(towers, "32");
        QVERIFY(editor.isValid());
        QCOMPARE(editor.spec().training.taskWeights, (std::vector<double>{0.3, 0.7}));
        QCOMPARE(editor.spec().model.towers, (std::vector<std::int64_t>{32}));
        QVERIFY(towers->styleSheet().isEmpty());
    }

    // The wheel over a field that was not clicked scrolls the form and leaves the value; a number
    // typed outside the field's range is said, not silently replaced.
    void wheelScrollsAndOutOfRangeIsSaid()
    {
        mtlx::ui::SpecEditor editor;
        editor.resize(300, 300);
        editor.setSpec(mtlx::presetSpec("correlated-mmoe"));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto* epochs = field<QSpinBox>(editor, "training.epochs");
        const int before = epochs->value();
        QWheelEvent wheel(QPointF(5, 5), epochs->mapToGlobal(QPointF(5, 5)), {}, QPoint(0, -120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(epochs, &wheel);
        QCOMPARE(epochs->value(), before);
        QCOMPARE(editor.spec().training.epochs, before);
        auto* experts = field<QSpinBox>(editor, "model.experts");
        QSignalSpy refused(&editor, &mtlx::ui::SpecEditor::inputRefused);
        experts->setFocus();
        QTest::keyClick(experts, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(experts, "0");
        QTest::keyClick(experts, Qt::Key_Return);
        QCOMPARE(refused.count(), 1);
        const QString error = refused.last().at(0).toString();
        QVERIFY2(error.startsWith("model.experts: 0 is outside 1") && error.endsWith("it stays 8"), qPrintable(error));
        QCOMPARE(editor.spec().model.experts, 8);
    }

    void randomDataShowsItsOwnFields()
    {
        mtlx::ui::SpecEditor editor;
        editor.setSpec(mtlx::presetSpec("bench-adatt"));
        editor.show();
        QVERIFY(field<QSpinBox>(editor, "dataset.binary_tasks")->isVisible());
        QCOMPARE(field<QSpinBox>(editor, "dataset.binary_tasks")->value(), 3);
        QCOMPARE(field<QSpinBox>(editor, "dataset.dim")->value(), 512);
        QVERIFY(!field<QLineEdit>(editor, "dataset.data_dir")->isVisible()); // reads no files
        QVERIFY(field<QSpinBox>(editor, "dataset.train")->isVisible());
        field<QSpinBox>(editor, "dataset.binary_tasks")->setValue(2);
        field<QSpinBox>(editor, "dataset.dim")->setValue(64);
        QVERIFY(editor.isValid());
        QCOMPARE(editor.spec().tasks().size(), std::size_t(2));
        QCOMPARE(editor.spec().tasks()[1].name, std::string("task2"));
        QCOMPARE(editor.spec().dataset.dim, std::int64_t(64));
        // Census reads files: its data folder shows, the random-only field does not.
        field<QComboBox>(editor, "dataset.kind")->setCurrentText("census_income");
        QVERIFY(field<QLineEdit>(editor, "dataset.data_dir")->isVisible());
        QVERIFY(!field<QSpinBox>(editor, "dataset.binary_tasks")->isVisible());
        QVERIFY(!field<QSpinBox>(editor, "dataset.dim")->isVisible());
    }

    // "What the data holds" shows what mtlx-cli data prints, loaded off the UI thread; a data set
    // that cannot be read says why; a changed data set asks again.
    void theDataSummaryIsTheCommandLines()
    {
        mtlx::ui::SpecEditor editor;
        auto spec = mtlx::presetSpec("correlated-mmoe");
        spec.dataset.train = 3000;
        spec.dataset.validation = 500;
        spec.dataset.test = 700;
        editor.setSpec(spec);
        QSignalSpy done(&editor, &mtlx::ui::SpecEditor::dataSummarised);
        editor.findChild<QPushButton*>("summariseData")->click();
        QVERIFY(done.wait(20000));
        QStringList expected;
        for (const auto& line : mtlx::describe(mtlx::summariseData(spec.dataset)))
            expected << QString::fromStdString(line);
        QCOMPARE(editor.dataSummary(), expected.join('\n'));
        QVERIFY(editor.dataSummary().startsWith("synthetic_correlated: 3000 train, 500 validation, 700 test examples"));
        field<QSpinBox>(editor, "dataset.train")->setValue(2000);
        QCOMPARE(editor.dataSummary(), QString("The data set changed: ask again."));
        // Census files in a folder that does not hold them.
        auto census = mtlx::presetSpec("census-6-adatt");
        census.dataset.dataDir = "/nonexistent-mtlx-data";
        qunsetenv("MTLX_DATA_DIR");
        qputenv("XDG_DATA_HOME", "/nonexistent-mtlx-home");
        editor.setSpec(census);
        editor.summariseData();
        QVERIFY(done.wait(20000));
        QVERIFY2(editor.dataSummary().startsWith("Cannot load the data: ") &&
                     editor.dataSummary().contains("census-income.data"),
                 qPrintable(editor.dataSummary()));
    }

    // Every weighting method is a choice, and its own fields show with it (and only with it).
    void weightingMethodsShowTheirFields()
    {
        mtlx::ui::SpecEditor editor;
        editor.setSpec(mtlx::presetSpec("correlated-mmoe"));
        editor.show();
        auto* weighting = field<QComboBox>(editor, "training.weighting");
        QCOMPARE(weighting->count(), 15);
        const std::pair<const char*, const char*> own[] = {{"cagrad", "training.cagrad_c"},
                                                           {"nash_mtl", "training.nash_mtl_iterations"},
                                                           {"nash_mtl", "training.clip_shared_norm"},
                                                           {"famo", "training.famo_gamma"},
                                                           {"famo", "training.famo_lr"},
                                                           {"famo", "training.clip_shared_norm"},
                                                           {"gradvac", "training.gradvac_beta"},
                                                           {"graddrop", "training.graddrop_leak"}};
        for (const auto& [method, path] : own) {
            weighting->setCurrentText(method);
            QCOMPARE(editor.spec().training.weighting, std::string(method));
            QVERIFY2(editor.findChild<QWidget*>(path)->isVisible(), path);
            weighting->setCurrentText("linear");
            QVERIFY2(!editor.findChild<QWidget*>(path)->isVisible(), path);
        }
        weighting->setCurrentText("cagrad");
        field<QDoubleSpinBox>(editor, "training.cagrad_c")->setValue(0.7);
        QCOMPARE(editor.spec().training.cagradC, 0.7);
        QVERIFY(editor.isValid());
        weighting->setCurrentText("imtl");
        QVERIFY(editor.findChild<QWidget*>("training.imtl_loss_scale")->isVisible());
    }

    void fieldsFollowTheArchitecture()
    {
        mtlx::ui::SpecEditor editor;
        editor.setSpec(mtlx::presetSpec("sine-shared-bottom"));
        editor.show();
        QVERIFY(field<QLineEdit>(editor, "model.bottom")->isVisible());
        field<QComboBox>(editor, "model.arch")->setCurrentText("mmoe");
        QCOMPARE(editor.spec().model.arch, std::string("mmoe"));
        QVERIFY(!field<QLineEdit>(editor, "model.bottom")->isVisible());
        QVERIFY(field<QSpinBox>(editor, "model.experts")->isVisible());
        field<QSpinBox>(editor, "model.experts")->setValue(3);
        QCOMPARE(editor.spec().model.experts, 3);
        typeInto(field<QLineEdit>(editor, "model.expert_dims"), "32; 16");
        QCOMPARE(editor.spec().model.expertDims.size(), std::size_t(1)); // mmoe has one level
        QVERIFY(!editor.isValid());
        QVERIFY(editor.errorText().contains("model.expert_dims"));
    }
};

QTEST_MAIN(TestSpecEditor)
#include "tst_speceditor.moc"
