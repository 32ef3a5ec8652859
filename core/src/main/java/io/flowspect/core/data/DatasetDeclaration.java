package io.flowspect.core.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What a dataset says about itself in its optional {@value #FILE_NAME}: which augmentations keep
 * one of its good frames good, whether its frames are aligned (the same part at the same place),
 * and the severity of each test defect. A category without the file declares nothing: no
 * augmentation, frames not aligned, severities unknown.
 *
 * @param surface what the frames show, e.g. {@code fabric}; free text
 * @param augmentations the allowed augmentations: {@code flip}, {@code rot90}
 * @param aligned true when frames show the same part at the same place, give or take a few pixels
 * @param severities per defect folder, each test image's severity in file order ({@code subtle},
 *     {@code moderate}, {@code strong})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetDeclaration(
    @JsonProperty("surface") String surface,
    @JsonProperty("augmentations") List<String> augmentations,
    @JsonProperty("aligned") boolean aligned,
    @JsonProperty("severities") Map<String, List<String>> severities) {

  /** The file's name, in a category's root folder. */
  public static final String FILE_NAME = "dataset.json";

  /** A declaration of nothing. */
  public static final DatasetDeclaration NONE =
      new DatasetDeclaration(null, List.of(), false, Map.of());

  /** Replaces absent lists with empty ones. */
  public DatasetDeclaration {
    augmentations = augmentations == null ? List.of() : List.copyOf(augmentations);
    severities = severities == null ? Map.of() : Map.copyOf(severities);
  }
}
