package io.flowspect.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Labels of a data set for conditional models, attached to its {@link ImageRecord}s so that they
 * follow their images through splits and limits. The one place labels are read, for the trainer and
 * the offline commands alike.
 *
 * <ul>
 *   <li>IDX images: an IDX1 label file (gzipped or not) with one label per image of the image file;
 *       label value v names class {@code classes[v]}: the given class names, else "0", "1", ... up
 *       to the largest label;
 *   <li>folders: an image's label is the name of the immediate sub-folder of the data folder it
 *       lies in ({@code bright-left/0001.png} is {@code bright-left}); classes are the sorted
 *       sub-folder names.
 * </ul>
 *
 * Stateless.
 */
public final class DatasetLabels {

  private DatasetLabels() {}

  /**
   * A labelled data set and its classes.
   *
   * @param images the images, each with its label
   * @param classes the class names in one-hot order
   */
  public record Labelled(LoadedImages images, List<String> classes) {

    /** Copies the classes. */
    public Labelled {
      classes = List.copyOf(classes);
    }
  }

  /**
   * Labels a data set from its source: a folder by its class sub-folders, an IDX image file by an
   * IDX1 label file.
   *
   * @param loaded the images loaded from {@code source}
   * @param source the IDX3 image file or the folder they came from
   * @param idxLabels the IDX1 label file of an IDX source; must be null for a folder
   * @param classNames for IDX labels, the class of each label value (null: "0", "1", ...); ignored
   *     for folders
   * @return the labelled images and their classes
   * @throws IllegalArgumentException when an IDX source has no label file, a folder source has one,
   *     or the labels do not fit the images
   */
  public static Labelled of(
      LoadedImages loaded, Path source, Path idxLabels, List<String> classNames) {
    if (Files.isDirectory(source)) {
      if (idxLabels != null) {
        throw new IllegalArgumentException(
            idxLabels
                + ": IDX labels go with an IDX image file; the images of folder "
                + source
                + " take the name of their sub-folder as label");
      }
      return fromFolders(loaded, source);
    }
    if (idxLabels == null) {
      throw new IllegalArgumentException(
          source + " is an IDX image file: its labels need an IDX1 label file (--labels)");
    }
    return fromIdx(loaded, source, idxLabels, classNames);
  }

  /**
   * Labels the images loaded from an IDX image file with an IDX1 label file.
   *
   * @param loaded images loaded from {@code imagesFile} (ids are their indices; possibly limited)
   * @param imagesFile the IDX3 image file they came from
   * @param labelsFile the IDX1 label file
   * @param classNames the class of each label value (value v is {@code classNames.get(v)}), or null
   *     for "0", "1", ... up to the largest label in the file
   * @return the labelled images and the class names
   * @throws IllegalArgumentException when the label count differs from the image count (naming both
   *     files and counts), or a label has no class name
   */
  public static Labelled fromIdx(
      LoadedImages loaded, Path imagesFile, Path labelsFile, List<String> classNames) {
    if (Files.isDirectory(imagesFile)) {
      throw new IllegalArgumentException(
          labelsFile
              + ": IDX labels go with an IDX image file; "
              + imagesFile
              + " is a folder, whose images take the name of their sub-folder as label");
    }
    int[] labels = IdxFile.readLabels(labelsFile);
    int images = IdxFile.imageCount(imagesFile);
    if (labels.length != images) {
      throw new IllegalArgumentException(
          labelsFile
              + " has "
              + labels.length
              + " labels but "
              + imagesFile
              + " has "
              + images
              + " images: they must match one to one");
    }
    List<String> classes = classNames;
    if (classes == null) {
      int max = 0;
      for (int v : labels) {
        max = Math.max(max, v);
      }
      classes = new ArrayList<>();
      for (int v = 0; v <= max; v++) {
        classes.add(Integer.toString(v));
      }
    }
    List<ImageRecord> out = new ArrayList<>(loaded.images().size());
    for (ImageRecord r : loaded.images()) {
      int v = labels[Integer.parseInt(r.id())];
      if (v >= classes.size()) {
        throw new IllegalArgumentException(
            labelsFile
                + ": image "
                + r.id()
                + " has label "
                + v
                + ", which names no class of "
                + classes
                + " (label v is class number v, from 0)");
      }
      out.add(r.withLabel(classes.get(v)));
    }
    return new Labelled(new LoadedImages(out, loaded.skipped()), classes);
  }

  /**
   * Labels the images loaded from a folder with the name of the sub-folder each lies in.
   *
   * @param loaded images loaded from {@code folder} (ids are relative paths)
   * @param folder the data folder
   * @return the labelled images and the sorted sub-folder names
   * @throws IllegalArgumentException when an image lies directly in the folder
   */
  public static Labelled fromFolders(LoadedImages loaded, Path folder) {
    List<ImageRecord> out = new ArrayList<>(loaded.images().size());
    TreeSet<String> classes = new TreeSet<>();
    for (ImageRecord r : loaded.images()) {
      int slash = r.id().indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException(
            folder
                + "/"
                + r.id()
                + " lies directly in the data folder: a labelled folder data set keeps each class"
                + " in a sub-folder named after it");
      }
      String label = r.id().substring(0, slash);
      classes.add(label);
      out.add(r.withLabel(label));
    }
    return new Labelled(new LoadedImages(out, loaded.skipped()), new ArrayList<>(classes));
  }

  /**
   * Gives every image the same label.
   *
   * @param loaded the images
   * @param label the class
   * @return the labelled images
   */
  public static LoadedImages all(LoadedImages loaded, String label) {
    return new LoadedImages(
        loaded.images().stream().map(r -> r.withLabel(label)).toList(), loaded.skipped());
  }
}
