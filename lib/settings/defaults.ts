import type { DictionaryKind } from './schemas.ts';

/** A seeded item: a label, or a label with the labels of its children (tree kinds only). */
export type DefaultItem = string | { label: string; children: readonly string[] };

/**
 * The dictionaries every tenant starts with (seed 000 §五, seed 004), in display order. Tenants
 * rename, re-order, disable and add to them freely afterwards.
 */
export const DEFAULT_DICTIONARIES: Record<DictionaryKind, readonly DefaultItem[]> = {
  country: [
    '中国',
    '美国',
    '日本',
    '韩国',
    '新加坡',
    '马来西亚',
    '泰国',
    '越南',
    '德国',
    '英国',
    '法国',
    '澳大利亚',
    '加拿大',
    '其他',
  ],

  // The 34 provincial-level divisions in GB/T 2260 order, each with its capital and main cities
  // (municipalities stand alone). Tenants add the other prefectures they need.
  region: [
    '北京市',
    '天津市',
    { label: '河北省', children: ['石家庄市', '唐山市', '保定市', '邯郸市', '廊坊市', '秦皇岛市'] },
    { label: '山西省', children: ['太原市', '大同市', '长治市', '运城市', '临汾市'] },
    { label: '内蒙古自治区', children: ['呼和浩特市', '包头市', '鄂尔多斯市', '赤峰市', '呼伦贝尔市'] },
    { label: '辽宁省', children: ['沈阳市', '大连市', '鞍山市', '锦州市', '营口市', '丹东市'] },
    { label: '吉林省', children: ['长春市', '吉林市', '四平市', '延边朝鲜族自治州'] },
    { label: '黑龙江省', children: ['哈尔滨市', '大庆市', '齐齐哈尔市', '牡丹江市', '佳木斯市'] },
    '上海市',
    {
      label: '江苏省',
      children: ['南京市', '苏州市', '无锡市', '常州市', '南通市', '徐州市', '扬州市', '盐城市'],
    },
    {
      label: '浙江省',
      children: ['杭州市', '宁波市', '温州市', '绍兴市', '嘉兴市', '金华市', '台州市', '湖州市'],
    },
    { label: '安徽省', children: ['合肥市', '芜湖市', '蚌埠市', '安庆市', '阜阳市', '马鞍山市'] },
    { label: '福建省', children: ['福州市', '厦门市', '泉州市', '漳州市', '莆田市', '龙岩市'] },
    { label: '江西省', children: ['南昌市', '赣州市', '九江市', '上饶市', '宜春市', '景德镇市'] },
    {
      label: '山东省',
      children: ['济南市', '青岛市', '烟台市', '潍坊市', '临沂市', '济宁市', '淄博市', '威海市'],
    },
    {
      label: '河南省',
      children: ['郑州市', '洛阳市', '南阳市', '新乡市', '商丘市', '许昌市', '周口市', '开封市'],
    },
    { label: '湖北省', children: ['武汉市', '宜昌市', '襄阳市', '荆州市', '黄冈市', '十堰市'] },
    { label: '湖南省', children: ['长沙市', '株洲市', '湘潭市', '衡阳市', '岳阳市', '常德市'] },
    {
      label: '广东省',
      children: [
        '广州市',
        '深圳市',
        '东莞市',
        '佛山市',
        '珠海市',
        '中山市',
        '惠州市',
        '汕头市',
        '江门市',
        '湛江市',
      ],
    },
    { label: '广西壮族自治区', children: ['南宁市', '柳州市', '桂林市', '北海市', '玉林市'] },
    { label: '海南省', children: ['海口市', '三亚市', '三沙市', '儋州市'] },
    '重庆市',
    {
      label: '四川省',
      children: ['成都市', '绵阳市', '德阳市', '宜宾市', '南充市', '泸州市', '乐山市', '达州市'],
    },
    { label: '贵州省', children: ['贵阳市', '遵义市', '六盘水市', '安顺市', '毕节市'] },
    {
      label: '云南省',
      children: ['昆明市', '曲靖市', '玉溪市', '大理白族自治州', '红河哈尼族彝族自治州', '丽江市'],
    },
    { label: '西藏自治区', children: ['拉萨市', '日喀则市', '林芝市'] },
    { label: '陕西省', children: ['西安市', '宝鸡市', '咸阳市', '榆林市', '延安市', '汉中市'] },
    { label: '甘肃省', children: ['兰州市', '天水市', '酒泉市', '嘉峪关市', '白银市'] },
    { label: '青海省', children: ['西宁市', '海东市', '海西蒙古族藏族自治州'] },
    { label: '宁夏回族自治区', children: ['银川市', '石嘴山市', '吴忠市', '固原市', '中卫市'] },
    {
      label: '新疆维吾尔自治区',
      children: ['乌鲁木齐市', '克拉玛依市', '昌吉回族自治州', '伊犁哈萨克自治州', '喀什地区', '哈密市'],
    },
    { label: '台湾省', children: ['台北市', '新北市', '桃园市', '台中市', '台南市', '高雄市'] },
    { label: '香港特别行政区', children: ['香港岛', '九龙', '新界'] },
    '澳门特别行政区',
  ],

  industry: [
    { label: '信息技术', children: ['软件', '硬件', '互联网', '通信', 'IT服务'] },
    { label: '金融', children: ['银行', '保险', '证券', '基金', '融资租赁'] },
    {
      label: '制造业',
      children: [
        '机械设备',
        '电子电气',
        '汽车及零部件',
        '化工',
        '纺织服装',
        '食品饮料',
        '医药制造',
        '其他制造',
      ],
    },
    { label: '批发零售', children: ['批发贸易', '百货零售', '电子商务', '烟酒'] },
    { label: '建筑', children: ['建筑施工', '工程设计', '装饰装修'] },
    { label: '房地产', children: ['房地产开发', '物业管理', '房产中介'] },
    { label: '物流', children: ['运输', '仓储', '快递'] },
    { label: '能源', children: ['电力', '石油化工', '新能源'] },
    { label: '教育', children: ['学校', '培训机构'] },
    { label: '医疗', children: ['医院', '医药销售', '医疗器械'] },
    { label: '政府', children: ['政府机关', '事业单位', '社会组织'] },
    { label: '餐饮娱乐', children: ['餐饮', '酒店', '文化娱乐', '旅游'] },
    '农林牧渔',
    '商务服务',
    '其他',
  ],

  category: ['代理渠道', '二批渠道', 'KA', '经销商', '终端客户', '合作伙伴', '其他'],

  source: [
    '独立开发',
    '来电咨询',
    '客户介绍',
    '促销活动',
    '会议销售',
    '搜索引擎',
    '互联网广告',
    '平面媒体广告',
    '电视媒体广告',
    '其他',
  ],

  level: ['A（重点客户）', 'B（重要客户）', 'C（普通客户）', 'D（一般客户）', 'E（非优先客户）'],

  status: [
    '收集客户',
    '潜在客户',
    '目标客户',
    '有效客户',
    '意向客户',
    '签约客户',
    '放弃客户',
    '挂起客户',
    '长期客户',
  ],

  // 客户成熟度 (seed 000 §三): how far the sale has come, moved by each follow-up.
  maturity: ['初次接触', '有意向', '需求确认', '方案报价', '谈判', '成交', '搁置'],

  followupStage: ['待联系', '初步联系', '找到负责人', '产品初步介绍', '已发资料', '试用', '达成意向', '签约'],

  poolReason: ['无法联系', '无购买意向', '已购竞品', '重复客户', '跟进无果', '其他'],

  channel: ['电话', '微信', '拜访', '邮件', '短信', 'QQ', '其他'],

  // 产品分类 (seed 001/002 商品维护): what a small company's price list is grouped by. Last, so the
  // seeded ids of the kinds above stay what they were for tenants seeded before it.
  productCategory: ['软件产品', '硬件设备', '实施服务', '运维服务', '培训服务', '耗材配件', '其他'],
};
